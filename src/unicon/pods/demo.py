"""Demo documents (loaded by `unicon seed-demo` after dispatch, whose demo drivers already
uploaded the required stop photos through the POD service): booking and bill-of-lading
scans on the dispatched, in-transit and delivered shipments, some verified by OPS."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from unicon.accounts.models import User
from unicon.pods import services, storage
from unicon.pods.models import DocumentType, PodFile
from unicon.shipments.models import OperationStatus, Shipment


def _pdf(title: str) -> bytes:
    """A small one-page PDF with `title` drawn by Pillow (no extra dependency)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (595, 842), "white")
    ImageDraw.Draw(image).text((60, 80), title, fill="black")
    out = io.BytesIO()
    image.save(out, "PDF", resolution=72)
    return out.getvalue()


def load(password: str) -> None:
    ops = User.objects.filter(email="ops@unicon.local").first()
    dispatcher = User.objects.filter(email="dispatcher@unicon.local").first()
    if ops is None or dispatcher is None:
        return
    shipments = Shipment.objects.filter(
        operation_status__in=[
            OperationStatus.DISPATCHED,
            OperationStatus.IN_TRANSIT,
            OperationStatus.DELIVERED,
        ]
    ).order_by("planned_start", "id")[:6]
    for n, shipment in enumerate(shipments):
        for kind in (DocumentType.BOOKING, DocumentType.BILL_OF_LADING):
            name = f"{kind.lower()}-{shipment.number}.pdf"
            upload = SimpleUploadedFile(name, _pdf(f"{kind.label} {shipment.number}"))
            document = services.upload_document(
                dispatcher, shipment.public_id, upload, document_type=kind
            )
            if n % 2 == 0:
                services.verify_document(ops, document.public_id)
    # One correction on a locked photo, to show that the old file stays visible.
    locked = PodFile.objects.filter(locked_at__isnull=False, replaces__isnull=True).first()
    if locked is not None:
        data = storage.read(storage.primary(), locked.storage_key)
        services.correct_pod(
            ops,
            locked.public_id,
            SimpleUploadedFile("retake.jpg", data, "image/jpeg"),
            reason="Blurred seal number; retaken photo attached",
        )
