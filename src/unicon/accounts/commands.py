"""Base of the user commands (`activate-user`, `deactivate-user`, `generate-reset-token`)."""

from unicon.accounts import services
from unicon.core.commands import ServiceCommand


class UserCommand(ServiceCommand):
    """A command about one user named by e-mail: `run(user, options)` does the work."""

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, **options):
        self.run(services.get_user(options["email"]), options)

    #: For a state switch: the service `(user) -> changed` and the text (changed, unchanged).
    switch = None
    said: tuple[str, str] = ("", "")

    def run(self, user, options: dict) -> None:
        changed = type(self).switch(user)
        self.stdout.write(self.style.SUCCESS(f"{user.email} {self.said[0 if changed else 1]}"))
