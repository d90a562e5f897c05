"""Archiving finished shipments out of the live tables, and bringing them back.

A shipment is archivable when it is finished — CANCELLED, or DELIVERED with its documents
returned (DOC_RETURNED) — is PAID or NOT_BILLED, has no billing charges (an invoice and its
payments span several shipments and cannot yet be archived with them), and was last changed
more than N days ago. Everything that hangs off it (stops, events, driver
tasks, POD and document records, and whatever else points at those, found through the
models' reverse relations) goes with it.

The archive is one `.tar.gz` stored under ARCHIVE_URL (a folder or an S3 prefix):
`manifest.json` (counts per model, the shipment numbers, the SHA-256 of the data, and every
file of those rows with its SHA-256), `data.json` (Django's "python" serializer format, as
JSON that keeps every value exactly — microseconds included) and `files/<key>` for each file
still in primary storage (see `unicon.runbook.archive_files`). It is written, verified, uploaded
and read back, and only then are the rows deleted, in one transaction; the carried files
leave primary storage after the commit. `restore-archived-data` puts files and rows back.

Audit entries cannot be deleted except through `prune_audit`, the one documented path:
on PostgreSQL the append-only trigger lets a DELETE through only when the transaction
has `SET LOCAL unicon.audit_prune = 'on'` (see migration ops 0002); on SQLite the delete
trigger is dropped and re-created inside the same transaction. Both record what was
pruned as a new audit entry.
"""

import datetime
import decimal
import hashlib
import io
import json
import tarfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.duration import duration_iso_string
from django.utils.functional import Promise

from unicon.accounts.models import UserSession
from unicon.core import audit
from unicon.core.errors import Conflict, ValidationFailed
from unicon.core.models import AuditEntry
from unicon.pods import storage
from unicon.runbook import archive_files
from unicon.shipments.models import DocumentStatus, FinancialStatus, OperationStatus, Shipment

FORMAT = 2
FORMATS = {1, 2}  # 1: rows only (before files were carried)
MANIFEST = "manifest.json"
DATA = "data.json"
CHUNK = 500
SQLITE_AUDIT_DELETE_TRIGGER = (
    "CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON core_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'core_auditentry is append-only'); END"
)


def archivable_shipments(days: int):
    cutoff = timezone.now() - datetime.timedelta(days=days)
    finished = Q(operation_status=OperationStatus.CANCELLED) | Q(
        operation_status=OperationStatus.DELIVERED, document_status=DocumentStatus.DOC_RETURNED
    )
    settled = Q(financial_status__in=[FinancialStatus.PAID, FinancialStatus.NOT_BILLED])
    billed = Q(charges__isnull=False)  # billing rows must not be split from their invoices
    rows = Shipment.objects.filter(finished, settled, updated_at__lt=cutoff).exclude(billed)
    return rows, cutoff


def _chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def gather(model: type[models.Model], pks: list) -> dict[type[models.Model], set]:
    """Every row reachable from `pks` through reverse foreign keys (any on_delete)."""
    found: dict[type[models.Model], set] = {model: set(pks)}
    queue = [(model, list(pks))]
    while queue:
        current, ids = queue.pop()
        for rel in current._meta.related_objects:
            if rel.many_to_many:
                raise Conflict(
                    f"{rel.related_model._meta.label} links {current._meta.label} many-to-many; "
                    "archiving such rows is not supported."
                )
            related = rel.related_model
            new: set = set()
            for chunk in _chunks(ids):
                new.update(
                    related._base_manager.filter(**{f"{rel.field.name}__in": chunk}).values_list(
                        "pk", flat=True
                    )
                )
            new -= found.get(related, set())
            if new:
                found.setdefault(related, set()).update(new)
                queue.append((related, list(new)))
    return found


def _dependency_order(found: dict) -> list[type[models.Model]]:
    """Parents before children (models pointing at others in the set come later)."""
    remaining, ordered = set(found), []
    while remaining:
        ready = [
            m
            for m in remaining
            if not any(
                f.related_model in remaining and f.related_model is not m
                for f in m._meta.concrete_fields
                if f.is_relation
            )
        ]
        if not ready:  # a cycle: the constraints are checked at commit anyway
            ready = list(remaining)
        ready.sort(key=lambda m: m._meta.label)
        ordered.extend(ready)
        remaining -= set(ready)
    return ordered


@dataclass
class ArchivePlan:
    days: int
    cutoff: str
    numbers: list[str]
    counts: dict[str, int]
    rows: dict = field(default_factory=dict, repr=False)


def plan(days: int) -> ArchivePlan:
    shipments, cutoff = archivable_shipments(days)
    rows = shipments.order_by("id").values_list("pk", "number")
    pks, numbers = [r[0] for r in rows], [r[1] for r in rows]
    found = gather(Shipment, pks) if pks else {}
    order = _dependency_order(found)
    return ArchivePlan(
        days=days,
        cutoff=cutoff.isoformat(),
        numbers=numbers,
        counts={m._meta.label: len(found[m]) for m in order},
        rows={m: sorted(found[m]) for m in order},
    )


class ExactEncoder(json.JSONEncoder):
    """JSON for archived rows that keeps every value exactly: Django's encoder cuts
    date-times to milliseconds; this one keeps the microseconds (ISO 8601)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.date | datetime.time):
            return o.isoformat()
        if isinstance(o, datetime.timedelta):
            return duration_iso_string(o)
        if isinstance(o, decimal.Decimal | uuid.UUID | Promise):
            return str(o)
        return super().default(o)


def _serialize(rows: dict) -> bytes:
    objects: list = []
    for model, pks in rows.items():
        for chunk in _chunks(pks):
            queryset = model._base_manager.filter(pk__in=chunk).order_by("pk")
            objects.extend(serializers.serialize("python", queryset))
    return json.dumps(objects, ensure_ascii=False, sort_keys=True, cls=ExactEncoder).encode()


def _add(tar: tarfile.TarFile, name: str, payload: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(payload)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(payload))


def _read_checked(tar: tarfile.TarFile) -> tuple[dict, list]:
    manifest = json.load(tar.extractfile(MANIFEST))
    if manifest.get("format") not in FORMATS or manifest.get("kind") != "shipments":
        raise ValidationFailed("Not an archive written by `unicon archive-old-data`.")
    data = tar.extractfile(DATA).read()
    actual = hashlib.sha256(data).hexdigest()
    if actual != manifest.get("sha256"):
        raise ValidationFailed(
            f"Checksum mismatch: manifest {manifest.get('sha256')}, data {actual}. "
            "The archive is corrupt."
        )
    archive_files.verify_carried(tar, manifest.get("files", []))
    return manifest, json.loads(data)


def read_archive(path: Path) -> tuple[dict, list]:
    """Manifest and objects of an archive, after checking every checksum and the counts."""
    try:
        with tarfile.open(path, "r:gz") as tar:
            manifest, objects = _read_checked(tar)
    except (tarfile.TarError, OSError, EOFError, KeyError, AttributeError, ValueError) as exc:
        raise ValidationFailed(f"Not a readable data archive: {exc}") from exc
    counts: dict[str, int] = {}
    for obj in objects:
        label = apps.get_model(obj["model"])._meta.label
        counts[label] = counts.get(label, 0) + 1
    if counts != manifest.get("counts"):
        raise ValidationFailed("The archive's rows do not match its manifest.")
    return manifest, objects


@dataclass
class ArchiveResult:
    plan: ArchivePlan
    url: str | None = None
    files: int = 0
    referenced: int = 0
    warnings: list[str] = field(default_factory=list)


@transaction.atomic
def archive(days: int, output_dir: str | None = None) -> ArchiveResult:
    """Write the archive (rows + files), upload it to ARCHIVE_URL (or `output_dir`), read it
    back and verify it there, then delete the rows; the carried files leave primary storage
    after the commit. Raises Conflict/ValidationFailed with nothing changed."""
    where = archive_files.location(output_dir)
    # Lock the candidate shipments so nothing changes them between the copy and the delete.
    candidates, _cutoff = archivable_shipments(days)
    list(candidates.select_for_update().values_list("pk", flat=True))
    archive_plan = plan(days)
    result = ArchiveResult(plan=archive_plan)
    if not archive_plan.numbers:
        return result
    data = _serialize(archive_plan.rows)
    entries = archive_files.file_entries(archive_plan.rows)
    name = f"shipments-{timezone.now():%Y%m%dT%H%M%S%f}-{len(archive_plan.numbers)}.tar.gz"
    with archive_files.scratch() as tmp:
        local = Path(tmp) / name
        with tarfile.open(local, "w:gz") as tar:
            result.warnings = archive_files.pack(tar, entries)
            manifest = {
                "format": FORMAT,
                "kind": "shipments",
                "createdAt": timezone.now().isoformat(),
                "vendor": connection.vendor,
                "days": days,
                "cutoff": archive_plan.cutoff,
                "shipments": archive_plan.numbers,
                "counts": archive_plan.counts,
                "sha256": hashlib.sha256(data).hexdigest(),
                "files": [e.manifest() for e in entries],
            }
            _add(tar, MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False).encode())
            _add(tar, DATA, data)
        read_archive(local)  # complete and verified locally ...
        result.url = archive_files.upload(where, local, name)  # ... and at its destination
    for model in reversed(list(archive_plan.rows)):
        for chunk in _chunks(archive_plan.rows[model]):
            model._base_manager.filter(pk__in=chunk)._raw_delete(connection.alias)
    archive_files.index(entries, result.url)
    transaction.on_commit(lambda: archive_files.remove_carried(entries))
    result.files = sum(1 for e in entries if e.carried)
    result.referenced = sum(1 for e in entries if e.archive_url)
    audit.log(
        "ops.archive",
        extra={
            "file": result.url,
            "sha256": manifest["sha256"],
            "days": days,
            "counts": archive_plan.counts,
            "files": result.files,
            "referencedFiles": result.referenced,
            "missingFiles": sum(1 for e in entries if e.missing),
            "shipments": archive_plan.numbers[:1000],
        },
    )
    return result


def restore(reference: str) -> tuple[dict, str]:
    """Bring an archive's rows back exactly (same ids, same values) and its files back into
    primary storage; refuses if any of the rows exists. `reference`: a local path, a full
    URL, or a name under ARCHIVE_URL. Returns (manifest, where it was read from)."""
    with archive_files.scratch() as tmp:
        local, url = archive_files.fetch(reference, Path(tmp))
        manifest, objects = read_archive(local)
        with transaction.atomic():
            for obj in objects:
                model = apps.get_model(obj["model"])
                if model._base_manager.filter(pk=obj["pk"]).exists():
                    raise Conflict(
                        f"{model._meta.label} #{obj['pk']} already exists: this archive was "
                        "already restored (or the ids were reused); nothing was restored."
                    )
            files = manifest.get("files", [])
            with tarfile.open(local, "r:gz") as tar:
                written = archive_files.put_back(tar, files)
            try:
                for deserialized in serializers.deserialize("python", objects):
                    deserialized.save()
                archive_files.unindex(files)
                audit.log(
                    "ops.archive_restore",
                    extra={
                        "file": url,
                        "sha256": manifest["sha256"],
                        "counts": manifest["counts"],
                        "files": len(files),
                    },
                )
            except BaseException:
                storage.delete_quietly(storage.primary(), written)
                raise
    return manifest, url


def expired_sessions() -> int:
    return UserSession.objects.filter(expire_date__lt=timezone.now()).count()


def prune_sessions() -> int:
    """Delete expired browser sessions and API tokens."""
    deleted, _detail = UserSession.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


def audit_prune_count(retention_days: int | None) -> int:
    if not retention_days:
        return 0
    cutoff = timezone.now() - datetime.timedelta(days=retention_days)
    return AuditEntry.objects.filter(created_at__lt=cutoff).count()


@transaction.atomic
def prune_audit(retention_days: int | None) -> int:
    """Delete audit entries older than the retention (None: keep forever). Audited itself."""
    if not retention_days:
        return 0
    cutoff = timezone.now() - datetime.timedelta(days=retention_days)
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL unicon.audit_prune = 'on'")
        elif connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS core_auditentry_no_delete")
        else:
            raise Conflict(f"Audit pruning is not implemented for {connection.vendor}.")
        cursor.execute(
            f"DELETE FROM {table} WHERE created_at < %s",  # noqa: S608
            [connection.ops.adapt_datetimefield_value(cutoff)],
        )
        deleted = cursor.rowcount
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL unicon.audit_prune = 'off'")
        else:
            cursor.execute(SQLITE_AUDIT_DELETE_TRIGGER)
    audit.log(
        "ops.audit_pruned",
        extra={"deleted": deleted, "before": cutoff.isoformat(), "retentionDays": retention_days},
    )
    return deleted
