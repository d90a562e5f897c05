"""Uploads, corrections and document verifications as lines of the shipment's history
(`ShipmentEvent` kind FILE), written in the same transaction as the file's row: the upload
signals (`pods.signals`) for uploads, `document_verified` for a verification."""

from django.utils.translation import gettext as _

from unicon.pods.models import PodFile, ShipmentDocument
from unicon.shipments.models import EventKind, PhotoType
from unicon.shipments.services import append_event


def _name(value: str, choices) -> str:
    return str(choices(value).label) if value in choices.values else value


def on_pod_uploaded(sender, pod: PodFile, actor=None, **kwargs) -> None:
    """ "Photo uploaded: <type> (<file name>)", or "Photo corrected: …" with the reason."""
    values = {"type": _name(pod.photo_type, PhotoType), "name": pod.original_name}
    if pod.replaces_id:
        note = _("Photo corrected: %(type)s (%(name)s).") % values
        note += " " + pod.correction_reason
    else:
        note = _("Photo uploaded: %(type)s (%(name)s).") % values
    append_event(
        pod.shipment,
        EventKind.FILE,
        actor=actor,
        note=note,
        stop=pod.stop,
        data={"pod": str(pod.public_id), "photoType": pod.photo_type},
    )


def _document_line(document: ShipmentDocument, actor, note: str, data: dict) -> None:
    """A FILE history line about `document`: `note` names its %(type)s and %(name)s; `data`
    comes after the document's id."""
    values = {"type": document.get_document_type_display(), "name": document.original_name}
    append_event(
        document.shipment,
        EventKind.FILE,
        actor=actor,
        note=note % values,
        data={"document": str(document.public_id), **data},
    )


def on_document_uploaded(sender, document: ShipmentDocument, actor=None, **kwargs) -> None:
    """ "Document uploaded: <type> (<file name>)"."""
    note = _("Document uploaded: %(type)s (%(name)s).")
    _document_line(document, actor, note, {"documentType": document.document_type})


def document_verified(document: ShipmentDocument, actor) -> None:
    """ "Document verified: <type> (<file name>)" (inside the verification's transaction)."""
    _document_line(
        document, actor, _("Document verified: %(type)s (%(name)s)."), {"verified": True}
    )
