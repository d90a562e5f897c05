from pathlib import Path

from unicon.core import audit
from unicon.core.commands import ServiceCommand
from unicon.ops import audit_export


class Command(ServiceCommand):
    help = (
        "Export the audit trail (oldest first) as JSON lines or CSV, streaming: works on "
        "millions of rows in constant memory. Dates are local (TIME_ZONE); --until YYYY-MM-DD "
        "includes that whole day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", help="from this date/date-time (inclusive)")
        parser.add_argument("--until", help="up to this date (whole day) or date-time (exclusive)")
        parser.add_argument("--user", help="only entries made by this user (e-mail)")
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args, **options):
        since = audit_export.parse_moment(options["since"]) if options["since"] else None
        until = audit_export.parse_moment(options["until"], end=True) if options["until"] else None
        kwargs = {"fmt": options["format"], "since": since, "until": until, "user": options["user"]}
        if options["output"]:
            path = Path(options["output"])
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="") as out:
                count = audit_export.export(out, **kwargs)
        else:
            count = audit_export.export(self.stdout, **kwargs)
        audit.log(
            "ops.audit_export",
            extra={
                "since": options["since"],
                "until": options["until"],
                "user": options["user"],
                "format": options["format"],
                "rows": count,
                "output": options["output"] or "stdout",
            },
        )
        self.stderr.write(f"Exported {count} audit entries.")
