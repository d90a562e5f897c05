from django.conf import settings

from unicon.core.commands import ServiceCommand
from unicon.ops import archive


class Command(ServiceCommand):
    help = (
        "Move finished shipments (CANCELLED, or DELIVERED with documents returned; PAID or "
        "NOT_BILLED) last changed more than --days ago, with everything hanging off them, "
        "into a verified .tar.gz under ARCHIVE_URL and delete them from the live tables. "
        "Also prunes expired sessions and, if AUDIT_RETENTION_DAYS is set, older audit "
        "entries. A dry run unless --confirm."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=90)
        parser.add_argument("--confirm", action="store_true", help="really archive and delete")
        parser.add_argument("--output-dir", help="folder for the archive (default: ARCHIVE_URL)")

    def handle(self, *args, **options):
        days = options["days"]
        if days < 1:
            self.stderr.write("--days must be at least 1.")
            raise SystemExit(2)
        retention = getattr(settings, "AUDIT_RETENTION_DAYS", None)
        w = self.stdout.write
        if not options["confirm"]:
            found = archive.plan(days)
            w(f"DRY RUN (nothing changed; add --confirm). Cut-off: {found.cutoff}")
            w(f"{len(found.numbers)} shipments would be archived:")
            for label, count in found.counts.items():
                w(f"  {label:<30} {count:>8}")
            w(f"Expired sessions to delete: {archive.expired_sessions()}")
            if retention:
                prunable = archive.audit_prune_count(retention)
                w(f"Audit entries older than {retention} days to delete: {prunable}")
            else:
                w("Audit entries: kept forever (AUDIT_RETENTION_DAYS is not set).")
            return
        archive.archive_dir(options["output_dir"])  # refuse a non-folder before any work
        done, path = archive.archive(days, options["output_dir"])
        if path is None:
            w("No shipments to archive.")
        else:
            w(f"Archived {len(done.numbers)} shipments to {path}:")
            for label, count in done.counts.items():
                w(f"  {label:<30} {count:>8}")
        w(f"Deleted {archive.prune_sessions()} expired sessions.")
        if retention:
            pruned = archive.prune_audit(retention)
            w(f"Deleted {pruned} audit entries older than {retention} days.")
        else:
            w("Audit entries: kept forever (AUDIT_RETENTION_DAYS is not set).")
        self.stdout.write(self.style.SUCCESS("Done."))
