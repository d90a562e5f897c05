from unicon.accounts import services
from unicon.accounts.commands import UserCommand


class Command(UserCommand):
    help = "Deactivate a user and end every session and API token at once (idempotent)."
    switch = services.deactivate_user
    said = ("deactivated; all sessions ended.", "was already inactive; all sessions ended.")
