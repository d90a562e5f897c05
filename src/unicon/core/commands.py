"""Base for management commands that call services: audit context and clear errors."""

import getpass
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from unicon.core import context
from unicon.core.errors import ServiceError


class ServiceCommand(BaseCommand):
    """Runs `handle` with a CLI audit context, in `CLI_LANGUAGE` (English by default, like the
    runbook); a service error exits non-zero with its message."""

    def execute(self, *args, **options):
        name = self.__module__.rsplit(".", 1)[-1]
        with context.bound(context.cli_context(name)), translation.override(settings.CLI_LANGUAGE):
            try:
                return super().execute(*args, **options)
            except ServiceError as exc:
                raise CommandError(exc.message) from exc


def add_password_arguments(parser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input (for scripts)",
    )


def read_password(options: dict) -> str:
    """The new password, from stdin (`--password-stdin`) or typed twice at a prompt."""
    if options["password_stdin"]:
        password = sys.stdin.readline().rstrip("\n")
        if not password:
            raise CommandError("No password on standard input.")
        return password
    if not sys.stdin.isatty():
        raise CommandError("No terminal to prompt on: pass the password with --password-stdin.")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password (again): "):
        raise CommandError("The two passwords differ.")
    return first
