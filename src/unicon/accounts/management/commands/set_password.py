from unicon.accounts import services
from unicon.core.commands import ServiceCommand, add_password_arguments, read_password


class Command(ServiceCommand):
    help = "Set a user's password (prompted, or --password-stdin); ends all their sessions."

    def add_arguments(self, parser):
        parser.add_argument("email")
        add_password_arguments(parser)

    def handle(self, *args, **options):
        user = services.get_user(options["email"])
        services.set_password(user, read_password(options), reason="password_set")
        self.stdout.write(self.style.SUCCESS(f"Password set for {user.email}; sessions ended."))
