from unicon.core.commands import ServiceCommand
from unicon.runbook import archive


class Command(ServiceCommand):
    help = (
        "Bring back the shipments of an archive written by `unicon archive-old-data` — rows "
        "with the same ids and values, and their files into primary storage — after checking "
        "every checksum. FILE: a local path, a full file:// or s3:// URL, or an archive name "
        "under ARCHIVE_URL. Refuses if any row already exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        manifest, url = archive.restore(options["file"])
        files = manifest.get("files", [])
        self.stdout.write(f"Restored {len(manifest['shipments'])} shipments from {url}:")
        for label, count in manifest["counts"].items():
            self.stdout.write(f"  {label:<30} {count:>8}")
        carried = sum(1 for f in files if f.get("carried"))
        cold = sum(1 for f in files if f.get("archiveUrl"))
        self.stdout.write(f"  files back in storage: {carried}, still in cold storage: {cold}")
        self.stdout.write(self.style.SUCCESS("Done."))
