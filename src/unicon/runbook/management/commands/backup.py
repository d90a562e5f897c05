from unicon.core import audit
from unicon.core.commands import ServiceCommand
from unicon.runbook import backup, outputs


class Command(ServiceCommand):
    help = (
        "Write a consistent backup of the database (SQLite online backup or pg_dump on one "
        "snapshot) with a manifest of row counts and checksums into one .tar.gz file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", required=True, help="the .tar.gz file to write")
        parser.add_argument(
            "--with-media",
            action="store_true",
            help="also copy every file of the configured storage (local folder or S3 bucket)",
        )
        outputs.add_force_argument(parser)

    def handle(self, *args, **options):
        output = outputs.check_target(options["output"], force=options["force"])
        manifest = backup.create_backup(
            output, with_media=options["with_media"], force=options["force"]
        )
        media = manifest["media"]
        audit.log(
            "ops.backup",
            extra={
                "file": str(output),
                "sha256": manifest["database"]["sha256"],
                "totalRows": manifest["totalRows"],
                "mediaFiles": len(media) if media is not None else None,
            },
        )
        self.stdout.write(
            f"Backup written to {output} ({output.stat().st_size} bytes, "
            f"{manifest['vendor']}, {len(manifest['tables'])} tables, "
            f"{manifest['totalRows']} rows"
            + (
                f", {len(media)} media files from {manifest['mediaStorage']}"
                if media is not None
                else ""
            )
            + ")."
        )
        self.stdout.write(f"database sha256: {manifest['database']['sha256']}")
