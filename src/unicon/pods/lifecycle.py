"""The runbook §2.4 life of old POD files: list, archive (copy + verify), delete from primary
storage (only when the archive copy is verified), restore.

Retention rule for restored files: `restore-pod` records `restored_at`, and `delete-old-pods
--days N` removes a file again only when both its upload AND its restore are more than N days
old — a restored file is kept for a full retention period after it was brought back (its
archive copy stays where it was and is verified again before the next removal).

Each file is handled in its own small transaction and the archive copy is written before the
row records it, so a run killed half-way loses nothing and the next run simply continues
(files already archived are skipped; a copy written but not recorded is written again).
"""

import contextlib
import posixpath
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from unicon.core import audit, dates
from unicon.core.errors import Conflict, NotFound, ValidationFailed
from unicon.pods import storage
from unicon.pods.models import PodFile, ShipmentDocument

Progress = Callable[[int, int, PodFile, str], None]


def _cutoff(days: int):
    if days is None:
        raise ValidationFailed(_("--days must be 0 or more."), {"days": [_("Invalid.")]})
    return timezone.now() - timedelta(days=dates.check_age_days(days))


def old_pods(days: int) -> QuerySet[PodFile]:
    """POD files uploaded more than `days` days ago, oldest first."""
    return (
        PodFile.objects.filter(uploaded_at__lt=_cutoff(days))
        .select_related("shipment", "stop")
        .order_by("uploaded_at", "id")
    )


def archive_state(pod: PodFile) -> str:
    if pod.deleted_from_primary_at:
        return "archived, removed from primary"
    if pod.archived_at:
        return "archived"
    return "no"


def list_old(days: int) -> list[PodFile]:
    pods = list(old_pods(days))
    audit.log("pod.list_old", extra={"days": days, "count": len(pods)})
    return pods


@dataclass
class Summary:
    done: int = 0
    skipped: int = 0
    failed: int = 0
    bytes: int = 0
    problems: list[str] = field(default_factory=list)


def _destination(url: str | None) -> storage.Location:
    url = (url or settings.ARCHIVE_URL or "").strip()
    if not url:
        raise ValidationFailed(
            _("Give --destination (s3://bucket/prefix/ or file:///path/) or set ARCHIVE_URL."),
            {"destination": [_("Required.")]},
        )
    try:
        return storage.location(url)
    except ValueError as exc:
        raise ValidationFailed(str(exc), {"destination": [str(exc)]}) from exc


def _copy_verified(source, key: str, target, target_key: str, expected: str) -> None:
    """Copy `key` to `target_key`, then read it back there and compare its SHA-256."""
    data = storage.read(source, key)
    if storage.sha256_of_bytes(data) != expected:
        raise Conflict(_("%(key)s does not match its recorded SHA-256.") % {"key": key})
    if target.exists(target_key):
        target.delete(target_key)
    saved = target.save(target_key, ContentFile(data))
    if saved != target_key:
        raise Conflict(_("The destination renamed %(key)s.") % {"key": target_key})
    digest, _size = storage.sha256_of(target, target_key)
    if digest != expected:
        raise Conflict(
            _("The copy of %(key)s at the destination does not match (SHA-256 %(got)s).")
            % {"key": target_key, "got": digest}
        )


def archive(days: int, destination: str | None, progress: Progress | None = None) -> Summary:
    """Copy every not-yet-archived old file to `destination`, verify it there, record it."""
    where = _destination(destination)
    pending = old_pods(days).filter(archived_at__isnull=True, deleted_from_primary_at__isnull=True)
    total = pending.count()
    summary = Summary()
    primary = storage.primary()
    for index, pod in enumerate(pending.iterator(chunk_size=200), start=1):
        try:
            _copy_verified(primary, pod.storage_key, where.storage, pod.storage_key, pod.sha256)
        except Exception as exc:
            summary.failed += 1
            summary.problems.append(f"{pod.public_id}: {exc}")
            if progress:
                progress(index, total, pod, "failed")
            continue
        with transaction.atomic():
            row = PodFile.objects.select_for_update().get(pk=pod.pk)
            if row.archived_at is None:
                row.archived_at = timezone.now()
                row.archive_url = where.url_of(pod.storage_key)
                row.archive_sha256 = pod.sha256
                with audit.labelled("pod.archive"):
                    row.save(update_fields=["archived_at", "archive_url", "archive_sha256"])
        summary.done += 1
        summary.bytes += pod.size
        if progress:
            progress(index, total, pod, "archived")
    summary.skipped = old_pods(days).filter(archived_at__isnull=False).count() - summary.done
    return summary


def deletable(days: int) -> tuple[list[PodFile], list[PodFile]]:
    """Old files still in primary storage and not restored within `days`:
    (with a recorded archive copy, without one)."""
    cutoff = _cutoff(days)
    candidates = list(
        old_pods(days)
        .filter(deleted_from_primary_at__isnull=True)
        .filter(Q(restored_at__isnull=True) | Q(restored_at__lt=cutoff))
    )
    ready = [p for p in candidates if p.archived_at and p.archive_sha256 == p.sha256]
    kept = [p for p in candidates if p not in ready]
    return ready, kept


def delete_archived(
    days: int, progress: Progress | None = None, *, confirm: bool = True
) -> Summary:
    """Remove from primary storage the old files whose archive copy is verified (read back
    again now); anything else is kept. `confirm=False` (the dry run) does the same reading
    and checking and reports the same outcome, but deletes nothing."""
    ready, kept = deletable(days)
    summary = Summary(skipped=len(kept))
    primary = storage.primary()
    for index, pod in enumerate(ready, start=1):
        try:
            archived, name = storage.object_at(pod.archive_url)
            digest, _size = storage.sha256_of(archived, name)
            if digest != pod.sha256:
                raise Conflict(_("archive copy does not match"))
        except Exception as exc:
            summary.failed += 1
            summary.problems.append(
                f"{pod.storage_key} ({pod.public_id}): archive copy not verified ({exc}); kept"
            )
            if progress:
                progress(index, len(ready), pod, "kept")
            continue
        if not confirm:
            summary.done += 1
            summary.bytes += pod.size
            if progress:
                progress(index, len(ready), pod, "would be deleted")
            continue
        with transaction.atomic():
            row = PodFile.objects.select_for_update().get(pk=pod.pk)
            row.deleted_from_primary_at = timezone.now()
            with audit.labelled("pod.delete_from_primary"):
                row.save(update_fields=["deleted_from_primary_at"])
            key = row.storage_key
            transaction.on_commit(lambda key=key: primary.delete(key))
        summary.done += 1
        summary.bytes += pod.size
        if progress:
            progress(index, len(ready), pod, "deleted")
    return summary


def find_pod(file_ref: str, shipment_ref: str) -> PodFile:
    """A POD by public id, storage key, or file name (`<uuid>.jpg`), on the given shipment
    (number or public id)."""
    file_ref, shipment_ref = (file_ref or "").strip(), (shipment_ref or "").strip()
    shipment_q = Q(shipment__number=shipment_ref.upper())
    with contextlib.suppress(ValueError):
        shipment_q |= Q(shipment__public_id=uuid.UUID(shipment_ref))
    file_q = Q(storage_key=file_ref) | Q(storage_key__endswith="/" + file_ref.rsplit("/", 1)[-1])
    with contextlib.suppress(ValueError):
        file_q |= Q(public_id=uuid.UUID(file_ref))
    matches = list(PodFile.objects.filter(shipment_q).filter(file_q)[:2])
    if not matches:
        _refuse_if_archived(shipment_ref)
        raise NotFound(
            _("No POD file %(file)s on shipment %(shipment)s.")
            % {"file": file_ref, "shipment": shipment_ref}
        )
    if len(matches) > 1:
        raise ValidationFailed(
            _("%(file)s matches several files; give the id.") % {"file": file_ref}
        )
    return matches[0]


def _refuse_if_archived(shipment_ref: str) -> None:
    """A shipment moved out by `archive-old-data`: say which archive to restore first."""
    from unicon.runbook.models import ArchivedFile

    held = (
        ArchivedFile.objects.filter(shipment_number=shipment_ref.upper())
        .values_list("archive_url", flat=True)
        .first()
    )
    if held:
        raise Conflict(
            _(
                "Shipment %(shipment)s was archived with its files by archive-old-data. Restore "
                "the shipment first: unicon restore-archived-data %(archive)s — then its POD "
                "files are back (or run restore-pod again for those in cold storage)."
            )
            % {"shipment": shipment_ref.upper(), "archive": held}
        )


def restore(file_ref: str, shipment_ref: str) -> tuple[PodFile, bool]:
    """Copy an archived file back to primary storage, verify it, re-link it.
    Returns (pod, restored?) — False when it was already there intact."""
    pod = find_pod(file_ref, shipment_ref)
    primary = storage.primary()
    if pod.deleted_from_primary_at is None and primary.exists(pod.storage_key):
        digest, _size = storage.sha256_of(primary, pod.storage_key)
        if digest == pod.sha256:
            return pod, False
    if not pod.archive_url:
        raise Conflict(_("This file was never archived; there is nothing to restore from."))
    archived, name = storage.object_at(pod.archive_url)
    if not archived.exists(name):
        raise Conflict(_("The archive copy %(url)s is missing.") % {"url": pod.archive_url})
    _copy_verified(archived, name, primary, pod.storage_key, pod.sha256)
    with transaction.atomic():
        row = PodFile.objects.select_for_update().get(pk=pod.pk)
        row.deleted_from_primary_at = None
        row.restored_at = timezone.now()
        with audit.labelled("pod.restore"):
            row.save(update_fields=["deleted_from_primary_at", "restored_at"])
    return row, True


def iter_rows(pods: list[PodFile]) -> Iterator[list[str]]:
    for pod in pods:
        yield [
            str(pod.public_id),
            pod.shipment.number,
            str(pod.stop.sequence) if pod.stop else "-",
            pod.original_name,
            str(pod.size),
            timezone.localtime(pod.uploaded_at).strftime("%Y-%m-%d %H:%M"),
            archive_state(pod),
        ]


# --------------------------------------------------------------------------- orphan sweep

SWEPT_FOLDERS = ("pods", "documents")


def _walk(store, folder: str) -> Iterator[str]:
    try:
        dirs, files = store.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield posixpath.join(folder, name)
    for name in dirs:
        yield from _walk(store, posixpath.join(folder, name))


def _unreferenced(keys: list[str]) -> list[str]:
    """The keys that no live row and no data archive (`ops.ArchivedFile`) refers to."""
    from unicon.runbook.models import ArchivedFile

    known = set(ArchivedFile.objects.filter(key__in=keys).values_list("key", flat=True))
    for model in (PodFile, ShipmentDocument):
        for column in model.key_fields():
            known.update(
                model._base_manager.filter(**{f"{column}__in": keys}).values_list(column, flat=True)
            )
    return [key for key in keys if key not in known]


def orphan_files(min_age_minutes: int = 60) -> list[str]:
    """Files in primary storage that no row references, older than `min_age_minutes` (so an
    upload still in flight is never touched)."""
    store = storage.primary()
    cutoff = timezone.now() - timedelta(minutes=min_age_minutes)
    found: list[str] = []
    batch: list[str] = []

    def flush() -> None:
        for key in _unreferenced(batch):
            if store.get_modified_time(key) < cutoff:
                found.append(key)
        batch.clear()

    for folder in SWEPT_FOLDERS:
        for key in _walk(store, folder):
            batch.append(key)
            if len(batch) >= 500:
                flush()
    flush()
    return found


def sweep_orphans(min_age_minutes: int = 60, *, confirm: bool = False) -> list[str]:
    orphans = orphan_files(min_age_minutes)
    if confirm and orphans:
        storage.delete_quietly(storage.primary(), orphans)
        audit.log("pod.sweep_orphans", extra={"deleted": orphans[:1000], "count": len(orphans)})
    return orphans
