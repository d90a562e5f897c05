from django.conf import settings

from unicon.core import dates
from unicon.core.commands import ServiceCommand
from unicon.runbook import archive, archive_files


class Command(ServiceCommand):
    help = (
        "Move finished shipments (CANCELLED, or DELIVERED with documents returned; PAID or "
        "NOT_BILLED) last changed more than --days ago, with everything hanging off them and "
        "every file they refer to, into a verified .tar.gz under ARCHIVE_URL (a folder or "
        "s3://…) and delete them from the live tables. Also prunes expired sessions and, if "
        "AUDIT_RETENTION_DAYS is set, older audit entries. A dry run unless --confirm."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=90)
        parser.add_argument("--confirm", action="store_true", help="really archive and delete")
        parser.add_argument(
            "--output-dir", help="a local folder for the archive instead of ARCHIVE_URL"
        )

    def handle(self, *args, **options):
        days = options["days"]
        if days < 1:
            self.stderr.write("--days must be at least 1.")
            raise SystemExit(2)
        dates.check_age_days(days, low=1)  # beyond: a CommandError naming --days
        retention = getattr(settings, "AUDIT_RETENTION_DAYS", None)
        w = self.stdout.write
        where = archive_files.location(options["output_dir"])  # checked before any work
        archive_files.probe(where)
        if not options["confirm"]:
            found = archive.plan(days)
            entries = archive_files.file_entries(found.rows)
            warnings = archive_files.pack(None, entries)  # the real run's reads and checks
            for warning in warnings:
                self.stderr.write(f"warning: {warning}")
            w(f"DRY RUN (nothing changed; add --confirm). Cut-off: {found.cutoff}")
            w(f"{len(found.numbers)} shipments would be archived to {where.base_url}:")
            for label, count in found.counts.items():
                w(f"  {label:<30} {count:>8}")
            w(f"  {'files':<30} {len(entries):>8}")
            w(f"Expired sessions to delete: {archive.expired_sessions()}")
            if retention:
                prunable = archive.audit_prune_count(retention)
                w(f"Audit entries older than {retention} days to delete: {prunable}")
            else:
                w("Audit entries: kept forever (AUDIT_RETENTION_DAYS is not set).")
            return
        result = archive.archive(days, options["output_dir"])
        if result.url is None:
            w("No shipments to archive.")
        else:
            w(f"Archived {len(result.plan.numbers)} shipments to {result.url} (verified):")
            for label, count in result.plan.counts.items():
                w(f"  {label:<30} {count:>8}")
            w(
                f"  files carried in the archive: {result.files}, "
                f"referenced in cold storage: {result.referenced}"
            )
            for warning in result.warnings:
                self.stderr.write(f"warning: {warning}")
        w(f"Deleted {archive.prune_sessions()} expired sessions.")
        if retention:
            pruned = archive.prune_audit(retention)
            w(f"Deleted {pruned} audit entries older than {retention} days.")
        else:
            w("Audit entries: kept forever (AUDIT_RETENTION_DAYS is not set).")
        self.stdout.write(self.style.SUCCESS("Done."))
