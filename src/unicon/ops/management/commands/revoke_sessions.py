from django.core.management.base import CommandError

from unicon.accounts import services
from unicon.accounts.models import User, UserSession
from unicon.core import audit
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
            ended = users_count = 0
            for user in User.objects.filter(sessions__isnull=False).distinct().iterator():
                ended += services.end_sessions(user, reason="revoke_all")
                users_count += 1
            anonymous, _detail = UserSession.objects.filter(user__isnull=True).delete()
            audit.log(
                "ops.sessions_revoked_all",
                extra={"sessions": ended, "users": users_count, "anonymous": anonymous},
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Ended {ended} sessions of {users_count} users "
                    f"(and {anonymous} anonymous sessions)."
                )
            )
            return
        ended = services.end_sessions(users[0], reason="revoke")
        self.stdout.write(self.style.SUCCESS(f"Ended {ended} sessions of {users[0].email}."))
