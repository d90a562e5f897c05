"""The files of archived shipments, and where data archives live.

`archive-old-data` removes shipments with every row hanging off them; the files those rows
refer to (POD photos, their thumbnails, scanned documents — every `*_key` column of a stored
file) must not be lost on the way:

* a file still in primary storage is CARRIED inside the data archive (`files/<key>`), its
  SHA-256 in the manifest, and removed from primary storage once the archive is verified at
  ARCHIVE_URL and the rows are gone (after the commit);
* a POD already moved to cold storage by `archive-pods` + `delete-old-pods` is REFERENCED: the
  manifest keeps its archive URL and SHA-256, and the copy there is read back and checked
  before anything is deleted;
* every key is also indexed in `ops.ArchivedFile`, so `sweep-pod-files` never deletes a file
  an archive refers to, and `restore-pod` can name the archive that holds a shipment.

Data archives are stored under ARCHIVE_URL (a folder, `file:///…` or `s3://bucket/prefix?…`):
uploaded, then read back and compared by SHA-256 before the rows are deleted.
"""

import hashlib
import os
import shutil
import tarfile
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.utils import timezone

from unicon.core.errors import Conflict, NotFound, ServiceError, ValidationFailed
from unicon.pods import storage, storage_url
from unicon.pods.models import StoredFile
from unicon.runbook.backup import sha256_file
from unicon.runbook.models import ArchivedFile

FILES_DIR = "files"
CHUNK = 1024 * 1024


@dataclass
class FileEntry:
    """One file of the archived rows, as listed in the manifest (`files`)."""

    key: str
    shipment: str
    sha256: str = ""
    size: int = 0
    carried: bool = False
    archive_url: str = ""
    missing: bool = False

    def manifest(self) -> dict:
        fields = {"archiveUrl" if k == "archive_url" else k: v for k, v in asdict(self).items()}
        return {k: v for k, v in fields.items() if v not in ("", False)}


def file_entries(rows: dict) -> list[FileEntry]:
    """Every stored-file key of the rows to archive (`rows`: model → primary keys)."""
    entries: list[FileEntry] = []
    for model, pks in rows.items():
        if not issubclass(model, StoredFile):
            continue
        fields = model.key_fields()
        cold = "deleted_from_primary_at" in {f.attname for f in model._meta.concrete_fields}
        extra = ["deleted_from_primary_at", "archive_url"] if cold else []
        for start in range(0, len(pks), 500):
            chunk = pks[start : start + 500]
            values = model._base_manager.filter(pk__in=chunk).values(
                "shipment__number", "sha256", *fields, *extra
            )
            for row in values:
                for field in fields:
                    if not row[field]:
                        continue
                    entry = FileEntry(key=row[field], shipment=row["shipment__number"])
                    if field == "storage_key":
                        entry.sha256 = row["sha256"]
                        if cold and row["deleted_from_primary_at"]:
                            entry.archive_url = row["archive_url"]
                    entries.append(entry)
    return entries


def _check_cold_copy(entry: FileEntry) -> None:
    """A POD already in cold storage: its copy there must exist and match, or we stop."""
    try:
        store, name = storage.object_at(entry.archive_url)
        digest, size = storage.sha256_of(store, name)
    except Exception as exc:
        raise Conflict(
            f"The archive copy of {entry.key} (shipment {entry.shipment}) at "
            f"{entry.archive_url} cannot be read ({exc}); nothing was archived."
        ) from exc
    if digest != entry.sha256:
        raise Conflict(
            f"The archive copy of {entry.key} (shipment {entry.shipment}) does not match its "
            "recorded SHA-256; nothing was archived. Restore it with `unicon restore-pod` first."
        )
    entry.size = size


def _read_primary(entry: FileEntry, warnings: list[str]) -> bytes | None:
    """The bytes of a file still in primary storage, or None (warned) if it is missing."""
    try:
        data = storage.read(storage.primary(), entry.key)
    except (FileNotFoundError, OSError) as exc:
        entry.missing = True
        warnings.append(f"{entry.key} (shipment {entry.shipment}) is missing: {exc}")
        return None
    digest = hashlib.sha256(data).hexdigest()
    if entry.sha256 and digest != entry.sha256:
        warnings.append(f"{entry.key} differs from its recorded SHA-256; archived as stored")
    entry.sha256, entry.size = digest, len(data)
    return data


def pack(tar: tarfile.TarFile | None, entries: list[FileEntry]) -> list[str]:
    """Add every file still in primary storage to `tar`; check the cold copies of the rest
    (Conflict if one does not verify). Returns warnings (files already missing from primary
    storage, changed files). `tar=None` (the dry run) reads and checks exactly the same."""
    warnings: list[str] = []
    for entry in entries:
        if entry.archive_url:
            _check_cold_copy(entry)
            continue
        data = _read_primary(entry, warnings)
        if data is None or tar is None:
            continue
        entry.carried = True
        info = tarfile.TarInfo(f"{FILES_DIR}/{entry.key}")
        info.size = len(data)
        info.mtime = int(timezone.now().timestamp())
        tar.addfile(info, _BytesReader(data))
    return warnings


class _BytesReader:
    """A minimal file object over bytes for `TarFile.addfile` (avoids an extra copy)."""

    def __init__(self, data: bytes) -> None:
        self._view, self._pos = memoryview(data), 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._view) if size < 0 else self._pos + size
        chunk = self._view[self._pos : end].tobytes()
        self._pos += len(chunk)
        return chunk


def verify_carried(tar: tarfile.TarFile, files: list[dict]) -> None:
    """Every carried file is in the archive with its manifest SHA-256."""
    for entry in files:
        if not entry.get("carried"):
            continue
        try:
            handle = tar.extractfile(f"{FILES_DIR}/{entry['key']}")
            data = handle.read() if handle else None
        except KeyError:
            data = None
        if data is None:
            raise ValidationFailed(f"The archive lacks the file {entry['key']}; it is corrupt.")
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            raise ValidationFailed(f"Checksum mismatch for the file {entry['key']} in the archive.")


def index(entries: list[FileEntry], archive_url: str) -> None:
    """Record the archive's keys in `ops.ArchivedFile` (inside the archiving transaction)."""
    keys = [e.key for e in entries]
    ArchivedFile.objects.filter(key__in=keys).delete()
    now = timezone.now()
    ArchivedFile.objects.bulk_create(
        ArchivedFile(
            key=e.key,
            shipment_number=e.shipment,
            archive_url=e.archive_url or archive_url,
            sha256=e.sha256,
            carried=e.carried,
            archived_at=now,
        )
        for e in entries
    )


def unindex(files: list[dict]) -> None:
    ArchivedFile.objects.filter(key__in=[f["key"] for f in files]).delete()


def remove_carried(entries: list[FileEntry]) -> None:
    """Delete from primary storage the files now carried by a verified, committed archive."""
    storage.delete_quietly(storage.primary(), [e.key for e in entries if e.carried])


def put_back(tar: tarfile.TarFile, files: list[dict]) -> list[str]:
    """Write every carried file back into primary storage (verified); returns the keys
    written, so a failed restore can remove them again."""
    primary = storage.primary()
    written: list[str] = []
    try:
        for entry in files:
            if not entry.get("carried"):
                continue
            key = entry["key"]
            if primary.exists(key):
                if storage.sha256_of(primary, key)[0] == entry["sha256"]:
                    continue
                primary.delete(key)
            data = tar.extractfile(f"{FILES_DIR}/{key}").read()
            saved = storage.write(primary, key, data)
            written.append(saved)
            if saved != key or storage.sha256_of(primary, key)[0] != entry["sha256"]:
                raise Conflict(f"Writing {key} back to storage did not verify; nothing restored.")
    except BaseException:
        storage.delete_quietly(primary, written)
        raise
    return written


# --------------------------------------------------------------------------- ARCHIVE_URL


def location(output_dir: str | None = None) -> storage.Location:
    """Where data archives go: `--output-dir` (a local folder), else ARCHIVE_URL."""
    url = os.path.abspath(output_dir) if output_dir else str(settings.ARCHIVE_URL).strip()
    if not url:
        raise ValidationFailed("Set ARCHIVE_URL (a folder, file:///path or s3://bucket/prefix).")
    if url.startswith("file://") or url.startswith("/"):
        folder = Path(storage_url.local_path(url))
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ValidationFailed(f"Cannot create the archive folder {folder}: {exc}") from exc
        if not os.access(folder, os.W_OK):
            raise ValidationFailed(f"Cannot write to the archive folder {folder}.")
    try:
        return storage.location(url)
    except ValueError as exc:
        raise ValidationFailed(f"ARCHIVE_URL: {exc}") from exc


def probe(where: storage.Location) -> None:
    """Check the destination answers (bucket reachable with our credentials) before any
    work; raises ValidationFailed with one line."""
    if storage.is_local(where.storage):
        return
    try:
        where.storage.connection.meta.client.head_bucket(Bucket=where.storage.bucket_name)
    except Exception as exc:  # botocore raises its own types
        raise ValidationFailed(f"ARCHIVE_URL {where.base_url} is not reachable: {exc}") from exc


def upload(where: storage.Location, local: Path, name: str) -> str:
    """Store `local` as `name` at `where`, read it back and compare; returns its full URL."""
    expected = sha256_file(local)
    url = where.url_of(name)
    try:
        if where.storage.exists(name):
            raise Conflict(f"{url} already exists; nothing was archived.")
        with open(local, "rb") as handle:
            saved = where.storage.save(name, File(handle, name=name))
        digest, _size = storage.sha256_of(where.storage, saved)
    except ServiceError:
        raise
    except Exception as exc:  # botocore / OSError
        raise Conflict(f"Cannot store the archive at {url}: {exc}; nothing was archived.") from exc
    if saved != name or digest != expected:
        storage.delete_quietly(where.storage, [saved])
        raise Conflict(f"The uploaded archive {url} does not verify; nothing was archived.")
    return url


def fetch(reference: str, into: Path) -> tuple[Path, str]:
    """A data archive as a local file: `reference` is a local path, a full URL
    (file:// or s3://…), or a name under ARCHIVE_URL. Returns (local path, its URL/path)."""
    local = Path(reference)
    if "://" not in reference and local.is_file():
        return local, str(local.absolute())
    try:
        if "://" in reference:
            store, name = storage.object_at(reference)
            url = reference
        else:
            where = location()
            store, name, url = where.storage, reference, where.url_of(reference)
        if not store.exists(name):
            raise NotFound(f"No such archive: {url}")
        target = into / Path(name).name
        with store.open(name, "rb") as source, open(target, "wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
    except ServiceError:
        raise
    except Exception as exc:  # storage back-ends raise their own types (botocore, OSError)
        raise ValidationFailed(f"Cannot read the archive {reference}: {exc}") from exc
    return target, url


def scratch() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="unicon-archive-")
