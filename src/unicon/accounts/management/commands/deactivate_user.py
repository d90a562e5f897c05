from unicon.accounts import services
from unicon.core.commands import ServiceCommand


class Command(ServiceCommand):
    help = "Deactivate a user and end every session and API token at once (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, **options):
        user = services.get_user(options["email"])
        changed = services.deactivate_user(user)
        state = "deactivated" if changed else "was already inactive"
        self.stdout.write(self.style.SUCCESS(f"{user.email} {state}; all sessions ended."))
