from unicon.runbook.management.commands.maintenance import ModeCommand


class Command(ModeCommand):
    help = (
        "Read-only mode: every read works, every write (API, pages, admin) answers 503 "
        "MAINTENANCE with the message; logging in and out still works."
    )
    field = "read_only"
    label = "Read-only mode"
