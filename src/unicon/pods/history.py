"""Uploads, corrections and document verifications as lines of the shipment's history
(`ShipmentEvent` kind FILE), written in the same transaction as the file's row: the upload
signals (`pods.signals`) for uploads, `document_verified` for a verification."""

from django.utils.translation import gettext_noop

from unicon.pods.models import DocumentType, PodFile, ShipmentDocument
from unicon.shipments.models import EventKind, PhotoType
from unicon.shipments.notes import Label, Note, register_choices
from unicon.shipments.services import append_event

# The notes name photo and document types by code, shown in the reader's language.
register_choices("PhotoType", PhotoType)
register_choices("DocumentType", DocumentType)


def on_pod_uploaded(sender, pod: PodFile, actor=None, **kwargs) -> None:
    """ "Photo uploaded: <type> (<file name>)", or "Photo corrected: …" with the reason."""
    values = {"type": Label("PhotoType", pod.photo_type), "name": pod.original_name}
    if pod.replaces_id:
        note = Note(
            gettext_noop("Photo corrected: %(type)s (%(name)s). %(reason)s"),
            **values,
            reason=pod.correction_reason,
        )
    else:
        note = Note(gettext_noop("Photo uploaded: %(type)s (%(name)s)."), **values)
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
    values = {"type": Label("DocumentType", document.document_type)}
    append_event(
        document.shipment,
        EventKind.FILE,
        actor=actor,
        note=Note(note, **values, name=document.original_name),
        data={"document": str(document.public_id), **data},
    )


def on_document_uploaded(sender, document: ShipmentDocument, actor=None, **kwargs) -> None:
    """ "Document uploaded: <type> (<file name>)"."""
    note = gettext_noop("Document uploaded: %(type)s (%(name)s).")
    _document_line(document, actor, note, {"documentType": document.document_type})


def document_verified(document: ShipmentDocument, actor) -> None:
    """ "Document verified: <type> (<file name>)" (inside the verification's transaction)."""
    _document_line(
        document, actor, gettext_noop("Document verified: %(type)s (%(name)s)."), {"verified": True}
    )
