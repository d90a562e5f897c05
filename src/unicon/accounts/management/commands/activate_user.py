from unicon.accounts import services
from unicon.core.commands import ServiceCommand


class Command(ServiceCommand):
    help = "Allow a deactivated user to log in again."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, **options):
        user = services.get_user(options["email"])
        changed = services.activate_user(user)
        self.stdout.write(
            self.style.SUCCESS(f"{user.email} {'activated' if changed else 'was already active'}.")
        )
