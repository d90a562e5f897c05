import getpass
import json

from django.db import DatabaseError, connection

from unicon.core.commands import ServiceCommand
from unicon.runbook import modes


def actor_label() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def database_reachable() -> bool:
    try:
        connection.ensure_connection()
    except DatabaseError:
        return False
    return True


class ModeCommand(ServiceCommand):
    field = "maintenance"
    label = "Maintenance mode"

    def add_arguments(self, parser):
        parser.add_argument("state", choices=["on", "off", "status"])
        parser.add_argument("--message", help="shown to users (default: a standard text)")

    def handle(self, *args, **options):
        state = options["state"]
        if state != "status":
            modes.set_mode(
                **{self.field: state == "on"},
                message=(options["message"] or "") if state == "on" else None,
                actor_label=actor_label(),
            )
            self.stdout.write(self.style.SUCCESS(f"{self.label} {state}."))
            self.stdout.write(
                "Other app processes follow within "
                f"{modes.settings.SYSTEM_MODE_CACHE_SECONDS} seconds."
            )
        self.report()

    def report(self) -> None:
        report = modes.current(refresh=True).report()
        report["databaseReachable"] = database_reachable()
        self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))


class Command(ModeCommand):
    help = (
        "Maintenance mode: pages show a maintenance page, the API answers 503 MAINTENANCE, "
        "/api/health still answers and reports the mode. Shared by every app process. "
        "--outage switches it with a flag file instead of the database (works while the "
        "database is down; every process on this server follows at once)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--outage",
            action="store_true",
            help="use the flag file MAINTENANCE_FLAG_FILE (no database needed)",
        )

    def handle(self, *args, **options):
        state = options["state"]
        if not options["outage"] or state == "status":
            return super().handle(*args, **options)
        path = modes.set_outage(state == "on", options["message"] or "")
        verb = "created" if state == "on" else "removed"
        self.stdout.write(self.style.SUCCESS(f"Outage maintenance mode {state} ({verb} {path})."))
        self.report()
