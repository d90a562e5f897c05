from pathlib import Path

from django.core.management.base import CommandError

from unicon.core.commands import ServiceCommand
from unicon.ops import archive


class Command(ServiceCommand):
    help = (
        "Bring back the shipments of an archive written by `unicon archive-old-data`, with the "
        "same ids, after checking its checksum. Refuses if any row already exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        manifest = archive.restore(path)
        self.stdout.write(f"Restored {len(manifest['shipments'])} shipments from {path}:")
        for label, count in manifest["counts"].items():
            self.stdout.write(f"  {label:<30} {count:>8}")
        self.stdout.write(self.style.SUCCESS("Done."))
