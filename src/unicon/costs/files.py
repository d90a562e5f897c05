"""Files of cost records: checked with the POD upload checks (`unicon.pods.content`: magic
bytes, full image decode, PDF sanity, size limit) and written to the same storage
(`unicon.pods.storage`) under `costs/<yyyy>/<mm>/`. Writing happens inside the caller's
transaction; if the transaction fails, what was written is deleted (no orphan files)."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from unicon.core.errors import ValidationFailed
from unicon.costs import policies
from unicon.costs.models import CostFile, FileKind, FuelLog, RepairLog
from unicon.pods import content, storage
from unicon.pods.downloads import Download
from unicon.pods.storing import StorageFailed

FOLDER = "costs"
MAX_FILES = 10


@dataclass
class Upload:
    """A file to attach: its kind and a Django `UploadedFile` (or raw checked bytes)."""

    kind: str
    file: object


def inspect_all(uploads: Iterable[Upload]) -> list[tuple[str, content.Inspected]]:
    """Check every upload before anything is written; raise on the first bad one."""
    uploads = list(uploads)
    if len(uploads) > MAX_FILES:
        raise ValidationFailed(
            _("At most %(n)s files per record.") % {"n": MAX_FILES}, {"files": ["too many"]}
        )
    checked = []
    for upload in uploads:
        if upload.kind not in FileKind.values:
            raise ValidationFailed(_("Unknown file kind."), {"kind": [str(upload.kind)]})
        checked.append((upload.kind, content.inspect(upload.file)))
    return checked


class Writer:
    """Writes files for rows created in the same block; see `writing()`."""

    def __init__(self) -> None:
        self.store = storage.primary()
        self.written: list[str] = []

    def _write(self, key: str, data: bytes) -> str:
        try:
            name = storage.write(self.store, key, data)
        except Exception as exc:
            raise StorageFailed(
                _("The file store is not available; nothing was saved. Please try again.")
            ) from exc
        self.written.append(name)
        return name

    def attach(self, owner: dict, kind: str, found: content.Inspected, user) -> CostFile:
        """Write one checked file (+ thumbnail) and its row; `owner` is e.g. {"fuel_log": log}."""
        key = self._write(storage.new_key(FOLDER, found.extension), found.data)
        thumb = ""
        if found.thumbnail:
            thumb = self._write(storage.thumbnail_key_for(key), found.thumbnail)
        return CostFile.objects.create(
            kind=kind,
            storage_key=key,
            thumbnail_key=thumb,
            original_name=found.original_name,
            content_type=found.content_type,
            size=found.size,
            sha256=found.sha256,
            uploaded_by=user,
            **owner,
        )


@contextmanager
def writing() -> Iterator[Writer]:
    """`with writing() as files, transaction.atomic(): ...` — rows and files together: when
    anything in the block fails, the transaction rolls back and the written files are deleted."""
    writer = Writer()
    try:
        yield writer
    except BaseException:
        storage.delete_quietly(writer.store, writer.written)
        raise


def delete_after_commit(rows: Iterable[CostFile]) -> None:
    """Remove the stored bytes of rows deleted in the current transaction, once it commits."""
    keys = [k for row in rows for k in (row.storage_key, row.thumbnail_key) if k]
    transaction.on_commit(lambda: storage.delete_quietly(storage.primary(), keys))


def read(row: CostFile) -> bytes:
    return storage.read(storage.primary(), row.storage_key)


def download(user, public_id) -> Download:
    """An authorised download of a cost file: its record must be visible to `user` (the
    log's visibility rule, or invoice handling for invoices); else NotFound / Forbidden."""
    row = CostFile.objects.filter(public_id=public_id).first()
    if row is None:
        raise policies.not_found(_("File"))
    if row.invoice_id is not None:
        policies.ensure_may_handle_invoices(user)
    else:
        model = FuelLog if row.fuel_log_id else RepairLog
        owner_id = row.fuel_log_id or row.repair_log_id
        if not policies.visible_logs(user, model.objects.filter(pk=owner_id)).exists():
            raise policies.not_found(_("File"))
    image = row.content_type.startswith("image/")
    return Download(row.storage_key, row.content_type, row.original_name, not image)
