"""Writing an upload: the file, its thumbnail if already made, then its row — all or nothing.

Whatever was written is deleted again when a later step fails: no row without its file, no
file without its row.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from unicon.core.errors import ServiceError
from unicon.pods import content, storage


class StorageFailed(ServiceError):
    """The file store refused a write; nothing was saved."""


def _write(store, key: str, data: bytes, written: list[str]) -> str:
    try:
        name = storage.write(store, key, data)
    except Exception as exc:
        raise StorageFailed(
            _("The file store is not available; nothing was saved. Please try again.")
        ) from exc
    written.append(name)
    return name


@dataclass(frozen=True)
class StoredKeys:
    """Where `store_then` wrote a file and its thumbnail ("" = none)."""

    file: str
    thumbnail: str = ""


def store_then(create, found: content.Inspected, folder: str):
    """Write the file (+ `found.thumbnail`), then `create(StoredKeys)` the row, atomically;
    on any failure delete what was written."""
    store = storage.primary()
    written: list[str] = []
    try:
        with transaction.atomic():
            key = _write(store, storage.new_key(folder, found.extension), found.data, written)
            thumb = ""
            if found.thumbnail:
                thumb = _write(store, storage.thumbnail_key_for(key), found.thumbnail, written)
            return create(StoredKeys(key, thumb))
    except BaseException:
        storage.delete_quietly(store, written)
        raise


def file_fields(user, found: content.Inspected, keys: StoredKeys) -> dict:
    """The `StoredFile` columns of a checked upload written under `keys`."""
    return {
        "storage_key": keys.file,
        "thumbnail_key": keys.thumbnail,
        "original_name": found.original_name,
        "content_type": found.content_type,
        "size": found.size,
        "sha256": found.sha256,
        "width": found.width,
        "height": found.height,
        "uploaded_by": user,
    }


def delete_files_after_commit(keys: Iterable[str]) -> None:
    """Remove stored files once the transaction that dropped their row has committed."""
    keys = [k for k in keys if k]
    transaction.on_commit(lambda: storage.delete_quietly(storage.primary(), keys))
