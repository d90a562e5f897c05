"""Demo data for a new installation: each app that has a `demo` module adds its part."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction

from unicon.accounts.models import User
from unicon.core.commands import ServiceCommand

DEMO_PASSWORD = "unicon-demo-2026"  # demo data only; refused in production


def demo_modules():
    """`unicon.<app>.demo` of every installed app, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if config.name.startswith("unicon.") and find_spec(name):
            yield import_module(name)


class Command(ServiceCommand):
    help = f"Load a demo company: customers, fleet, users of every role (password {DEMO_PASSWORD})."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when users already exist"
        )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo data is never loaded in production.")
        if options["if_empty"] and User.objects.exists():
            self.stdout.write("Database already has users; demo data not loaded.")
            return
        with transaction.atomic():
            for module in demo_modules():
                module.load(password=DEMO_PASSWORD)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded. Log in as admin@unicon.local / {DEMO_PASSWORD}")
        )
