from django.core.management.base import CommandError

from unicon.accounts import services
from unicon.accounts.models import User
from unicon.core.commands import ServiceCommand


def target_users(options) -> list[User] | None:
    """The user named by --user, or None for --all; exactly one of them is required."""
    if bool(options["all"]) == bool(options["user"]):
        raise CommandError("Give exactly one of --all or --user EMAIL.")
    if options["user"]:
        return [services.get_user(options["user"])]
    return None


class Command(ServiceCommand):
    help = (
        "End browser sessions and API tokens at once (runbook §4.3 scenario 4): of one user "
        "(--user EMAIL) or of everybody (--all). Users can log in again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="every session of every user")
        parser.add_argument("--user", metavar="EMAIL")

    def handle(self, *args, **options):
        users = target_users(options)
        if users is None:
            counts = services.end_all_sessions()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Ended {counts['sessions']} sessions of {counts['users']} users "
                    f"(and {counts['anonymous']} anonymous sessions)."
                )
            )
            return
        ended = services.end_sessions(users[0], reason="revoke")
        self.stdout.write(self.style.SUCCESS(f"Ended {ended} sessions of {users[0].email}."))
