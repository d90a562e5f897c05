import getpass
import json

from unicon.core.commands import ServiceCommand
from unicon.ops import modes


def actor_label() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


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
        mode = modes.current(refresh=True)
        if state != "status":
            self.stdout.write(self.style.SUCCESS(f"{self.label} {state}."))
            self.stdout.write(
                "Other app processes follow within "
                f"{modes.settings.SYSTEM_MODE_CACHE_SECONDS} seconds."
            )
        self.stdout.write(json.dumps(mode.report(), indent=2, ensure_ascii=False))


class Command(ModeCommand):
    help = (
        "Maintenance mode: pages show a maintenance page, the API answers 503 MAINTENANCE, "
        "/api/health still answers and reports the mode. Shared by every app process."
    )
