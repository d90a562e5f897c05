from pathlib import Path

from django.core.management.base import CommandError

from unicon.core import audit
from unicon.core.commands import ServiceCommand
from unicon.runbook import backup


class Command(ServiceCommand):
    help = (
        "Replace the database (and media, if the backup has them) with a backup made by "
        "`unicon backup`. Verifies every checksum first; needs --confirm. Prints the restored "
        "row counts next to the manifest's."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .tar.gz written by `unicon backup`")
        parser.add_argument(
            "--confirm",
            action="store_true",
            help="really replace the current database (everything written since is lost)",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if not options["confirm"]:
            raise CommandError(
                "Restoring REPLACES the whole database with the backup. Put the system in "
                "maintenance mode (`unicon maintenance on`), then run again with --confirm."
            )
        result = backup.restore_backup(path)
        expected = result.manifest["tables"]
        mismatched = []
        width = max((len(t) for t in expected), default=10)
        self.stdout.write(f"{'table':<{width}}  {'restored':>9}  {'manifest':>9}")
        for table, count in sorted(expected.items()):
            restored = result.counts.get(table)
            flag = "" if restored == count else "  MISMATCH"
            if flag:
                mismatched.append(table)
            self.stdout.write(f"{table:<{width}}  {restored!s:>9}  {count:>9}{flag}")
        audit.log(
            "ops.restore",
            extra={
                "file": str(path),
                "backupCreatedAt": result.manifest["createdAt"],
                "sha256": result.manifest["database"]["sha256"],
                "mismatched": mismatched,
                "sessionsEnded": result.sessions_ended,
            },
        )
        self.stdout.write(
            f"Ended all {result.sessions_ended} sessions and API tokens: everyone must log in "
            "again (access revoked after the backup must not come back)."
        )
        if result.reactivated:
            self.stderr.write(
                "Users deactivated since the backup are ACTIVE again in the restored data; "
                f"deactivate them again: {', '.join(result.reactivated)}"
            )
        if mismatched:
            raise CommandError(f"Row counts differ from the manifest: {', '.join(mismatched)}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(expected.values())} rows in {len(expected)} tables from the "
                f"backup of {result.manifest['createdAt']}"
                + (f" and {result.media_files} media files" if result.manifest["media"] else "")
                + "; every count matches the manifest."
            )
        )
