"""Every rule about POD files and shipment documents: who may upload, see, change, delete,
verify and download them; required photos at stop check-out; immutability after it.

Uploads are checked by content (`unicon.pods.content`) before anything is written; the file,
its thumbnail and the row are written together, and whatever was written is deleted again
when any later step fails — no row without its file, no file without its row.
"""

from datetime import UTC, datetime

from django.db import transaction
from django.db.models import DateTimeField, Prefetch, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from unicon.core import audit, display
from unicon.core.clock import acted_at
from unicon.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from unicon.core.ids import as_uuid
from unicon.core.pagination import DEFAULT_LIMIT, Page, keyset_page
from unicon.core.permissions import ensure_role, has_role
from unicon.core.roles import Role
from unicon.dispatch.models import DriverTask, TaskStatus
from unicon.jobs import enqueue_on_commit
from unicon.pods import content, history, previews, renditions, signals, storing
from unicon.pods.models import DocumentType, PodFile, ShipmentDocument
from unicon.pods.policies import DOCUMENT_UPLOAD_ROLES, OPS_ROLES, POD_UPLOAD_ROLES
from unicon.shipments.models import PhotoType, Shipment, Stop
from unicon.shipments.services import get_visible_shipment, visible_shipments

# --------------------------------------------------------------------------- lookups


def find_shipment(user, ref) -> Shipment:
    """A shipment `user` may see, by public id or shipment number (`SHP-2026-0001`)."""
    if ref in (None, ""):
        raise ValidationFailed(
            _("Say which shipment: shipmentId (id or number)."),
            {"shipmentId": [_("Required.")]},
        )
    shipments = visible_shipments(user).select_related("customer")
    public_id = as_uuid(ref)
    if public_id is not None:
        found = shipments.filter(public_id=public_id).first()
    else:
        found = shipments.filter(number=str(ref).strip().upper()).first()
    if found is None:
        raise NotFound(_("No such shipment."))
    return found


def _stop_of(shipment: Shipment, stop_id) -> Stop | None:
    if stop_id in (None, ""):
        return None
    public_id = as_uuid(stop_id)
    stop = (
        Stop.objects.filter(shipment=shipment, public_id=public_id).first() if public_id else None
    )
    if stop is None:
        raise ValidationFailed(
            _("That stop is not on shipment %(number)s.") % {"number": shipment.number},
            {"stopId": [_("Not a stop of this shipment.")]},
        )
    return stop


def _visible_pods(user) -> QuerySet[PodFile]:
    return PodFile.objects.filter(shipment__in=visible_shipments(user).values("pk"))


def _get_pod(user, pod_id, *, lock: bool = False) -> PodFile:
    public_id = as_uuid(pod_id)
    pods = _visible_pods(user)
    if lock:
        pods = pods.select_for_update(of=("self",))
    pod = (
        pods.select_related("shipment", "stop", "uploaded_by").filter(public_id=public_id).first()
        if public_id
        else None
    )
    if pod is None:
        raise NotFound(_("No such file."))
    return pod


def _visible_documents(user) -> QuerySet[ShipmentDocument]:
    return ShipmentDocument.objects.filter(shipment__in=visible_shipments(user).values("pk"))


def _get_document(user, document_id, *, lock: bool = False) -> ShipmentDocument:
    public_id = as_uuid(document_id)
    documents = _visible_documents(user)
    if lock:
        documents = documents.select_for_update(of=("self",))
    document = (
        documents.select_related("shipment", "uploaded_by").filter(public_id=public_id).first()
        if public_id
        else None
    )
    if document is None:
        raise NotFound(_("No such document."))
    return document


# --------------------------------------------------------------------------- permissions


def _is_assigned_driver(user, shipment: Shipment) -> bool:
    return (
        DriverTask.objects.filter(shipment=shipment, driver__user=user)
        .exclude(status=TaskStatus.CANCELLED)
        .exists()
    )


def ensure_pod_uploader(user, shipment: Shipment) -> None:
    """The driver assigned to the shipment (current or past task), OPS or ADMIN."""
    ensure_role(user, POD_UPLOAD_ROLES)
    if user.role == Role.DRIVER and not _is_assigned_driver(user, shipment):
        raise Forbidden(_("Only the driver assigned to this shipment may upload its photos."))


def _ensure_owner_or_ops(user, obj) -> None:
    if has_role(user, OPS_ROLES) or obj.uploaded_by_id == user.pk:
        return
    raise Forbidden(_("Only operations staff or the uploader may change this file."))


def _photo_type(user, stop: Stop | None, value) -> str:
    photo_type = value or PhotoType.OTHER
    if photo_type not in PhotoType.values:
        raise ValidationFailed(
            _("Unknown photo type %(type)s.") % {"type": photo_type},
            {"photoType": [", ".join(PhotoType.values)]},
        )
    if stop is None:
        return photo_type
    required = list(stop.required_photos or [])
    if not required or photo_type in required:
        return photo_type
    if photo_type == PhotoType.OTHER and has_role(user, OPS_ROLES):
        return photo_type
    raise ValidationFailed(
        _("Stop %(seq)s takes these photo types: %(types)s.")
        % {"seq": stop.sequence, "types": ", ".join(_label(kind) for kind in required)},
        {"photoType": required},
    )


# --------------------------------------------------------------------------- POD files


class _AlreadyStored(Exception):
    """Raised inside the storing transaction when a concurrent retry already stored the file."""

    def __init__(self, pod: PodFile) -> None:
        self.pod = pod


def _same_file(stop, photo_type: str, found: content.Inspected) -> PodFile | None:
    """The file already uploaded to `stop` as `photo_type` with the same bytes (a retry)."""
    if stop is None:
        return None
    same = PodFile.objects.filter(
        stop=stop, photo_type=photo_type, received_sha256=found.received_sha256, replaces=None
    )
    return same.first()


def _save_pod(
    user, shipment, stop, photo_type, found, *, note="", replaces=None, reason="", occurred_at=None
):
    """Shrink a large photo, then store file and row together; its thumbnail (and a HEIC
    photo's JPEG rendition) are made by the worker once the row is committed
    (`unicon.pods.previews`). The same bytes sent again to the same stop and photo type
    return the first file."""
    if replaces is None and (existing := _same_file(stop, photo_type, found)) is not None:
        return _pod_queryset().get(pk=existing.pk)
    renditions.shrink_photo(found)

    def create(keys: storing.StoredKeys) -> PodFile:
        locked_at = None
        if stop is not None:
            # Serialise with check-out (which locks the stop row): a file added to a stop that
            # is already checked out is locked at once.
            current = Stop.objects.select_for_update().get(pk=stop.pk)
            if replaces is None and (existing := _same_file(stop, photo_type, found)):
                raise _AlreadyStored(existing)  # a concurrent retry won: drop our copy
            if current.actual_departure is not None:
                locked_at = timezone.now()
        action = "pod.correct" if replaces is not None else "pod.upload"
        with audit.labelled(action):
            pod = PodFile.objects.create(
                shipment=shipment,
                stop=stop,
                photo_type=photo_type,
                note=note or "",
                captured_at=found.captured_at,
                occurred_at=occurred_at,
                latitude=found.latitude,
                longitude=found.longitude,
                locked_at=locked_at,
                replaces=replaces,
                correction_reason=reason,
                received_sha256=found.received_sha256,
                received_size=found.received_size,
                **storing.file_fields(user, found, keys),
            )
        # what `pod_detail` loads, known here: a new file has no corrections yet, and its times
        # as the database gives them back (UTC; the photo's EXIF time came in local time)
        pod._prefetched_objects_cache = {"corrections": PodFile.objects.none()}
        for field in pod._meta.concrete_fields:
            if isinstance(field, DateTimeField) and (moment := getattr(pod, field.attname)):
                setattr(pod, field.attname, moment.astimezone(UTC))
        if not pod.is_pdf:
            enqueue_on_commit(previews.make_previews, pod.pk)
        signals.pod_uploaded.send(sender=PodFile, pod=pod, actor=user)
        return pod

    try:
        return storing.store_then(create, found, "pods")
    except _AlreadyStored as retried:
        return _pod_queryset().get(pk=retried.pod.pk)


def upload_pod(
    user, shipment_ref, upload, *, stop_id=None, photo_type=None, note="", occurred_at=None
) -> PodFile:
    """Add a photo/POD file to a shipment (optionally one of its stops). `occurred_at`: an
    ISO 8601 time the phone sent it at, when it was taken offline (`unicon.core.clock`).
    Returns the file as `pod_detail` does (shipment, stop, uploader, corrections loaded)."""
    shipment = find_shipment(user, shipment_ref)
    ensure_pod_uploader(user, shipment)
    stop = _stop_of(shipment, stop_id)
    kind = _photo_type(user, stop, photo_type)
    sent_at = _occurred_at(occurred_at)
    found = content.inspect(upload, thumbnail=False)
    return _save_pod(user, shipment, stop, kind, found, note=note, occurred_at=sent_at)


def _occurred_at(value: str | None) -> datetime | None:
    """A form field's ISO 8601 time checked by `acted_at`; None when not sent."""
    if not value or not value.strip():
        return None
    try:
        parsed = parse_datetime(value.strip())
    except ValueError:
        parsed = None
    if parsed is None:
        message = _("Not a date and time; expected ISO 8601, e.g. 2026-11-30T08:15:00+07:00.")
        raise ValidationFailed(message, {"occurredAt": [message]})
    return acted_at(parsed)


def correct_pod(user, pod_id, upload, *, reason: str, photo_type=None, note="") -> PodFile:
    """A correction is a new file linked to the one it corrects; the old one is kept.
    Returns the new file as `pod_detail` does."""
    original = _get_pod(user, pod_id)
    ensure_pod_uploader(user, original.shipment)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_("Say why the file is corrected."), {"reason": [_("Required.")]})
    kind = _photo_type(user, original.stop, photo_type or original.photo_type)
    found = content.inspect(upload, thumbnail=False)
    return _save_pod(
        user,
        original.shipment,
        original.stop,
        kind,
        found,
        note=note,
        replaces=original,
        reason=reason,
    )


def _pod_queryset() -> QuerySet[PodFile]:
    return PodFile.objects.select_related(
        "shipment", "stop", "uploaded_by", "replaces"
    ).prefetch_related(
        Prefetch("corrections", queryset=PodFile.objects.only("id", "public_id", "replaces_id"))
    )


def list_pods(
    user,
    shipment_id,
    *,
    stop_id=None,
    photo_type=None,
    limit: int = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> Page:
    """Files of a shipment, oldest first; filter by stop (`stopId`) or photo type."""
    shipment = get_visible_shipment(user, shipment_id)
    pods = _pod_queryset().filter(shipment=shipment)
    if stop_id:
        stop = _stop_of(shipment, stop_id)
        pods = pods.filter(stop=stop)
    if photo_type:
        pods = pods.filter(photo_type=photo_type)
    return keyset_page(pods, ["uploaded_at", "id"], limit, cursor)


def pod_detail(user, pod_id) -> PodFile:
    pod = _get_pod(user, pod_id)
    return _pod_queryset().get(pk=pod.pk)


def _refuse_if_locked(pod: PodFile) -> None:
    if pod.is_locked:
        raise Conflict(
            _("This file was locked at check-out on %(when)s; upload a correction instead.")
            % {"when": display.vndatetime(pod.locked_at)},  # dd/mm/yyyy HH:mm, local time
            {"lockedAt": pod.locked_at.isoformat()},
        )


@transaction.atomic
def update_pod(user, pod_id, *, note=None, photo_type=None) -> PodFile:
    pod = _get_pod(user, pod_id, lock=True)
    ensure_pod_uploader(user, pod.shipment)
    _ensure_owner_or_ops(user, pod)
    _refuse_if_locked(pod)
    if note is not None:
        pod.note = note
    if photo_type is not None:
        pod.photo_type = _photo_type(user, pod.stop, photo_type)
    with audit.labelled("pod.update"):
        pod.save()
    return pod


@transaction.atomic
def delete_pod(user, pod_id) -> None:
    """Delete an unlocked file (OPS/ADMIN or its uploader); storage is cleaned after commit."""
    pod = _get_pod(user, pod_id, lock=True)
    ensure_pod_uploader(user, pod.shipment)
    _ensure_owner_or_ops(user, pod)
    _refuse_if_locked(pod)
    if pod.corrections.exists():
        raise Conflict(_("This file has corrections; it is kept for the record."))
    keys = [pod.thumbnail_key, pod.rendition_key]
    if pod.in_primary_storage:
        keys.append(pod.storage_key)
    with audit.labelled("pod.delete"):
        pod.delete()
    storing.delete_files_after_commit(keys)


# --------------------------------------------------------------------------- check-out hook


def missing_photos(stop: Stop) -> list[str]:
    """Required photo types of `stop` with no file on that stop yet."""
    required = list(stop.required_photos or [])
    if not required:
        return []
    present = set(
        PodFile.objects.filter(stop=stop, photo_type__in=required).values_list(
            "photo_type", flat=True
        )
    )
    return [kind for kind in required if kind not in present]


def _label(kind: str) -> str:
    return str(PhotoType(kind).label) if kind in PhotoType.values else kind


def on_stop_check_out(sender, stop: Stop, task=None, actor=None, **kwargs) -> None:
    """Receiver of `dispatch.signals.stop_check_out_requested` (inside the check-out
    transaction): refuse while required photos are missing, else lock the stop's files —
    the lock is rolled back with the check-out if anything after it fails."""
    missing = missing_photos(stop)
    if missing:
        raise Conflict(
            _("Check-out refused: stop %(seq)s (%(name)s) still needs photos: %(types)s.")
            % {
                "seq": stop.sequence,
                "name": stop.location_name,
                "types": ", ".join(_label(kind) for kind in missing),
            },
            {"missingPhotos": missing, "stopId": str(stop.public_id)},
        )
    now = timezone.now()
    unlocked = PodFile.objects.filter(stop=stop, locked_at__isnull=True)
    ids = [str(pid) for pid in unlocked.values_list("public_id", flat=True)]
    if ids:
        unlocked.update(locked_at=now)
        audit.log("pod.lock", stop, extra={"files": ids, "shipment": stop.shipment_id})


# --------------------------------------------------------------------------- documents


def upload_document(
    user, shipment_id, upload, *, document_type, notes: str = ""
) -> ShipmentDocument:
    """Staff (not drivers) on any shipment, customers on their own."""
    shipment = find_shipment(user, shipment_id)
    ensure_role(user, DOCUMENT_UPLOAD_ROLES)
    if document_type not in DocumentType.values:
        raise ValidationFailed(
            _("Unknown document type."), {"documentType": [", ".join(DocumentType.values)]}
        )
    found = content.inspect(upload)

    def create(keys: storing.StoredKeys) -> ShipmentDocument:
        with audit.labelled("document.upload"):
            document = ShipmentDocument.objects.create(
                shipment=shipment,
                document_type=document_type,
                notes=notes or "",
                **storing.file_fields(user, found, keys),
            )
        signals.document_uploaded.send(sender=ShipmentDocument, document=document, actor=user)
        return document

    return storing.store_then(create, found, "documents")


def list_documents(
    user,
    shipment_id,
    *,
    document_type=None,
    limit: int = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> Page:
    shipment = get_visible_shipment(user, shipment_id)
    documents = ShipmentDocument.objects.select_related(
        "shipment", "uploaded_by", "verified_by"
    ).filter(shipment=shipment)
    if document_type:
        documents = documents.filter(document_type=document_type)
    return keyset_page(documents, ["uploaded_at", "id"], limit, cursor)


def document_detail(user, document_id) -> ShipmentDocument:
    document = _get_document(user, document_id)
    return ShipmentDocument.objects.select_related("shipment", "uploaded_by", "verified_by").get(
        pk=document.pk
    )


@transaction.atomic
def verify_document(user, document_id) -> ShipmentDocument:
    """OPS/ADMIN confirm a paper once; a verified document can no longer be deleted."""
    document = _get_document(user, document_id, lock=True)
    ensure_role(user, OPS_ROLES)
    if document.is_verified:
        raise Conflict(_("This document is already verified."))
    document.verified_by = user
    document.verified_at = timezone.now()
    with audit.labelled("document.verify"):
        document.save()
    history.document_verified(document, user)
    return document


@transaction.atomic
def delete_document(user, document_id) -> None:
    document = _get_document(user, document_id, lock=True)
    _ensure_owner_or_ops(user, document)
    if document.is_verified:
        raise Conflict(_("A verified document cannot be deleted."))
    keys = [document.storage_key, document.thumbnail_key]
    with audit.labelled("document.delete"):
        document.delete()
    storing.delete_files_after_commit(keys)
