from unicon.core import audit
from unicon.core.commands import ServiceCommand
from unicon.runbook import audit_export, outputs


class Command(ServiceCommand):
    help = (
        "Export the audit trail (oldest first) as JSON lines or CSV, streaming: works on "
        "millions of rows in constant memory. Dates are local (TIME_ZONE); --until YYYY-MM-DD "
        "includes that whole day. --user EMAIL keeps the entries about that user: what they "
        "did (--actor) and what was done to them — role changes, forced resets, session ends, "
        "failed logins, lock-outs (--subject); both unless one is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", help="from this date/date-time (inclusive)")
        parser.add_argument("--until", help="up to this date (whole day) or date-time (exclusive)")
        parser.add_argument("--user", help="only entries about this user (e-mail; must exist)")
        parser.add_argument("--actor", action="store_true", help="with --user: what they did")
        parser.add_argument(
            "--subject", action="store_true", help="with --user: what was done to them"
        )
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")
        outputs.add_force_argument(parser)

    def handle(self, *args, **options):
        since = audit_export.parse_moment(options["since"]) if options["since"] else None
        until = (
            audit_export.parse_moment(options["until"], end=True, option="--until")
            if options["until"]
            else None
        )
        roles = tuple(r for r in audit_export.ROLES if options[r]) or audit_export.ROLES
        if (options["actor"] or options["subject"]) and not options["user"]:
            self.stderr.write("--actor/--subject need --user EMAIL.")
            raise SystemExit(2)
        if options["user"]:
            audit_export.user_filter(options["user"], roles)  # unknown e-mail: refused first
        kwargs = {
            "fmt": options["format"],
            "since": since,
            "until": until,
            "user": options["user"],
            "roles": roles,
        }
        if options["output"]:
            with outputs.atomic_output(options["output"], force=options["force"], text=True) as out:
                count = audit_export.export(out, **kwargs)
        else:
            count = audit_export.export(self.stdout, **kwargs)
        audit.log(
            "ops.audit_export",
            extra={
                "since": options["since"],
                "until": options["until"],
                "user": options["user"],
                "roles": list(roles) if options["user"] else None,
                "format": options["format"],
                "rows": count,
                "output": options["output"] or "stdout",
            },
        )
        self.stderr.write(f"Exported {count} audit entries.")
