from unicon.accounts import services
from unicon.core.commands import ServiceCommand
from unicon.runbook.management.commands.revoke_sessions import target_users


class Command(ServiceCommand):
    help = (
        "Force a new password (runbook §4.3 scenario 4): ends every session and API token of "
        "one user (--user EMAIL) or of everybody (--all); the next login (web or API) must "
        "set a new password before anything else."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="every active user")
        parser.add_argument("--user", metavar="EMAIL")

    def handle(self, *args, **options):
        users = target_users(options)
        if users is None:
            counts = services.force_password_reset_all()
            self.stdout.write(
                self.style.SUCCESS(
                    f"{counts['users']} users must set a new password at their next login; "
                    f"{counts['sessions']} sessions ended."
                )
            )
            return
        ended = services.force_password_reset(users[0])
        self.stdout.write(
            self.style.SUCCESS(
                f"{users[0].email} must set a new password at the next login; "
                f"{ended} sessions ended."
            )
        )
