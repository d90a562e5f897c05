import json

from django.core.management.base import BaseCommand, CommandError

from unicon.core.health import run_checks


class Command(BaseCommand):
    help = "Check the database and file storage; exit non-zero when unhealthy."

    def handle(self, *args, **options):
        report = run_checks()
        self.stdout.write(json.dumps(report, indent=2))
        if report["status"] != "ok":
            raise CommandError(f"unhealthy: {', '.join(report['failing'])}")
