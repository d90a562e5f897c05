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


class UsersCommand(ServiceCommand):
    """A command for one user (--user EMAIL) or everybody (--all): `for_all` / `for_user`
    act and return the line printed."""

    all_help = "every user"

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help=self.all_help)
        parser.add_argument("--user", metavar="EMAIL")

    def handle(self, *args, **options):
        users = target_users(options)
        done = self.for_all() if users is None else self.for_user(users[0])
        self.stdout.write(self.style.SUCCESS(done))

    def for_all(self) -> str:
        raise NotImplementedError

    def for_user(self, user: User) -> str:
        raise NotImplementedError


class Command(UsersCommand):
    help = (
        "End browser sessions and API tokens at once (runbook §4.3 scenario 4): of one user "
        "(--user EMAIL) or of everybody (--all). Users can log in again."
    )
    all_help = "every session of every user"

    def for_all(self) -> str:
        counts = services.end_all_sessions()
        return (
            f"Ended {counts['sessions']} sessions of {counts['users']} users "
            f"(and {counts['anonymous']} anonymous sessions)."
        )

    def for_user(self, user: User) -> str:
        ended = services.end_sessions(user, reason="revoke")
        return f"Ended {ended} sessions of {user.email}."
