from unicon.accounts import services
from unicon.accounts.models import User
from unicon.runbook.management.commands.revoke_sessions import UsersCommand


class Command(UsersCommand):
    help = (
        "Force a new password (runbook §4.3 scenario 4): ends every session and API token of "
        "one user (--user EMAIL) or of everybody (--all); the next login (web or API) must "
        "set a new password before anything else."
    )
    all_help = "every active user"

    def for_all(self) -> str:
        counts = services.force_password_reset_all()
        return (
            f"{counts['users']} users must set a new password at their next login; "
            f"{counts['sessions']} sessions ended."
        )

    def for_user(self, user: User) -> str:
        ended = services.force_password_reset(user)
        return f"{user.email} must set a new password at the next login; {ended} sessions ended."
