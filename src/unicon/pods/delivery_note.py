"""The delivery note for the customer (issue 13 point 9): the shipment, its stops with the
times the driver checked in and out, and the POD photos of each stop — an A4 page to print,
or a PDF with the photos embedded."""

from __future__ import annotations

import base64
import io
import logging
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from unicon.core.pdf import html_to_pdf
from unicon.pods import content, policies, storage
from unicon.pods.models import PodFile
from unicon.shipments import services as shipment_services
from unicon.shipments.models import Shipment

logger = logging.getLogger(__name__)

#: Long side of a photo embedded in the PDF (px): sharp at ~8 cm on paper, small files.
PDF_PHOTO_SIDE = 900


@dataclass
class NoteStop:
    stop: object
    pods: list[PodFile]


@dataclass
class DeliveryNote:
    shipment: Shipment
    stops: list[NoteStop]
    loose: list[PodFile]  # photos not tied to a stop

    @property
    def photo_count(self) -> int:
        return sum(len(s.pods) for s in self.stops) + len(self.loose)


def delivery_note(user, public_id) -> DeliveryNote:
    """The shipment (visible to `user`: 404 otherwise) with its stops and its current POD
    photos (a corrected photo is replaced by its correction) when
    `policies.may_print_delivery_note` allows: internal roles, the owning customer's users,
    the trip's driver; in transit or delivered (409 before). Three queries."""
    shipment = shipment_services.shipment_detail(user, public_id)
    policies.may_print_delivery_note(user, shipment).enforce()
    corrected = PodFile.objects.filter(replaces=OuterRef("pk"))
    pods = list(
        PodFile.objects.filter(shipment=shipment)
        .exclude(Exists(corrected))
        .order_by("uploaded_at", "id")
    )
    by_stop: dict[int, list[PodFile]] = {}
    loose = []
    for pod in pods:
        (by_stop.setdefault(pod.stop_id, []) if pod.stop_id else loose).append(pod)
    stops = [NoteStop(stop, by_stop.get(stop.pk, [])) for stop in shipment.stops.all()]
    return DeliveryNote(shipment=shipment, stops=stops, loose=loose)


def _data_uri(pod: PodFile) -> str | None:
    """The photo shrunk to `PDF_PHOTO_SIDE` as a JPEG `data:` URI; None for a PDF file, an
    archived photo or a file the storage cannot give back (the note then names it)."""
    if pod.is_pdf or not pod.in_primary_storage:
        return None
    key = pod.rendition_key or pod.storage_key
    if pod.content_type == content.HEIC and not pod.rendition_key:
        return None
    try:
        from PIL import Image

        data = storage.read(storage.primary(), key)
        with Image.open(io.BytesIO(data)) as image:
            image = image.convert("RGB")
            image.thumbnail((PDF_PHOTO_SIDE, PDF_PHOTO_SIDE))
            out = io.BytesIO()
            image.save(out, "JPEG", quality=80)
    except Exception:  # a missing or unreadable file must not stop the whole note
        logger.warning("delivery note: photo %s could not be read", pod.public_id, exc_info=True)
        return None
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def delivery_note_pdf(user, public_id) -> tuple[bytes, str]:
    """(PDF bytes, file name) of the delivery note in Vietnamese, photos embedded. Raises
    `PdfUnavailable` (503) without Pango."""
    note = delivery_note(user, public_id)
    for pod in [p for s in note.stops for p in s.pods] + note.loose:
        pod.embedded = _data_uri(pod)
    data = html_to_pdf("pods/delivery_note.html", {"note": note, "pdf": True})
    return data, f"{note.shipment.number}-delivery-note.pdf"
