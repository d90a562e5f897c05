from django.utils import timezone

from unicon.accounts import services
from unicon.accounts.commands import UserCommand


class Command(UserCommand):
    help = "Print a single-use password reset link for a user, and when it expires."

    def run(self, user, options):
        link, expires = services.issue_reset_link(user)
        self.stdout.write(link)
        local = timezone.localtime(expires)
        self.stdout.write(
            f"Expires: {local:%Y-%m-%d %H:%M} {local.tzname()} ({expires.isoformat()})"
        )
        self.stdout.write(
            "The link works once, and stops working earlier if the user logs in or changes "
            "the password."
        )
