from unicon.core.commands import ServiceCommand
from unicon.pods import lifecycle


class Command(ServiceCommand):
    help = (
        "Bring an archived POD file back to primary storage, verify its SHA-256 and re-link "
        "it to its shipment."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", required=True, help="POD id, storage key or file name")
        parser.add_argument("--shipment-id", required=True, help="shipment number or id")

    def handle(self, *args, **options):
        pod, restored = lifecycle.restore(options["file"], options["shipment_id"])
        if restored:
            message = f"Restored {pod.storage_key} (sha256 {pod.sha256}) to shipment "
        else:
            message = f"{pod.storage_key} is already in primary storage, intact; shipment "
        self.stdout.write(self.style.SUCCESS(message + pod.shipment.number + "."))
