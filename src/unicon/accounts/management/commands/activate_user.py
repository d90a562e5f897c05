from unicon.accounts import services
from unicon.accounts.commands import UserCommand


class Command(UserCommand):
    help = "Allow a deactivated user to log in again."
    switch = services.activate_user
    said = ("activated.", "was already active.")
