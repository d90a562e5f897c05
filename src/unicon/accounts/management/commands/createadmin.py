from unicon.accounts import services
from unicon.core.commands import ServiceCommand, add_password_arguments, read_password
from unicon.core.roles import Role


class Command(ServiceCommand):
    help = "Create an ADMIN user (runbook §2.3). Weak passwords are refused."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--full-name", required=True)
        add_password_arguments(parser)

    def handle(self, *args, **options):
        password = read_password(options)
        user = services.create_user(
            email=options["email"],
            full_name=options["full_name"],
            role=Role.ADMIN,
            password=password,
        )
        self.stdout.write(self.style.SUCCESS(f"Created admin {user.email}"))
