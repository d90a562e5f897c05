"""Where file bytes go: the primary storage (Django's default storage) and archive storages
built from a destination URL (`file:///path/` or `s3://bucket/prefix/?endpoint_url=…`)."""

import hashlib
import logging
import os
import posixpath
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.utils import timezone

from unicon.pods import storage_url

logger = logging.getLogger("unicon.pods")
CHUNK = 1024 * 1024


def primary() -> Storage:
    return default_storage


def describe() -> str:
    """The configured primary storage in one line (no credentials): shown by `unicon health`,
    `/api/health`, `check --deploy` and backup manifests, so an operator sees at once whether
    a process uses S3 or a local folder."""
    url = str(settings.STORAGE_URL)
    if storage_url.is_s3(url):
        return "s3://" + url.removeprefix("s3://").split("?", 1)[0]
    return f"local folder {settings.MEDIA_ROOT}"


def is_local(storage: Storage) -> bool:
    return isinstance(storage, FileSystemStorage)


def new_key(folder: str, extension: str) -> str:
    """A server-generated key: `<folder>/<yyyy>/<mm>/<uuid>.<ext>` (never the user's name)."""
    now = timezone.now()
    return f"{folder}/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{extension}"


def thumbnail_key_for(key: str) -> str:
    base, _ext = posixpath.splitext(key)
    return f"{base}.thumb.jpg"


def rendition_key_for(key: str) -> str:
    """`pods/…/<uuid>.heic` → `pods/…/<uuid>.heic.jpg` (the JPEG a browser can show)."""
    return f"{key}.jpg"


def write(storage: Storage, key: str, data: bytes) -> str:
    """Store `data` under `key`; return the name the storage actually used."""
    return storage.save(key, ContentFile(data))


def delete_quietly(storage: Storage, keys) -> None:
    """Best-effort delete (used to clean up after a failure; never raises)."""
    for key in keys:
        if not key:
            continue
        try:
            storage.delete(key)
        except Exception:  # cleanup must not hide the original error
            logger.exception("Could not delete %s from storage", key)


def sha256_of(storage: Storage, key: str) -> tuple[str, int]:
    """SHA-256 and size of a stored object, read back in chunks."""
    digest = hashlib.sha256()
    size = 0
    with storage.open(key, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def sha256_of_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read(storage: Storage, key: str) -> bytes:
    with storage.open(key, "rb") as handle:
        return handle.read()


# --------------------------------------------------------------------------- archive locations


@dataclass(frozen=True)
class Location:
    """A storage and the base URL it was built from, to name objects inside it."""

    storage: Storage
    base_url: str

    def url_of(self, key: str) -> str:
        """The full URL of `key` here (query kept, so the object can be found again)."""
        parts = urlsplit(self.base_url)
        path = posixpath.join(parts.path.rstrip("/") or "/", key) if key else parts.path
        return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def _s3_storage(options: dict) -> Storage:
    from storages.backends.s3 import S3Storage

    return S3Storage(**{**options, "file_overwrite": True})


def location(url: str) -> Location:
    """An archive destination: `file:///path/` (or a plain absolute path) or
    `s3://bucket/prefix/?endpoint_url=…`."""
    url = url.strip()
    if storage_url.is_s3(url):
        options = storage_url.s3_options(
            url, signed_url_seconds=settings.STORAGE_SIGNED_URL_SECONDS
        )
        return Location(_s3_storage(options), url)
    if url.startswith("file://") or url.startswith("/"):
        path = storage_url.local_path(url)
        if not os.path.isabs(path):
            raise ValueError("file:// destinations need an absolute path (file:///srv/archive/)")
        return Location(FileSystemStorage(location=path), urlunsplit(("file", "", path, "", "")))
    raise ValueError("Destination must start with s3:// or file:///")


def object_at(url: str) -> tuple[Storage, str]:
    """The storage and object name of one archived object's full URL (see `Location.url_of`)."""
    parts = urlsplit(url)
    if parts.scheme == "s3":
        options = storage_url.s3_options(
            urlunsplit(("s3", parts.netloc, "", parts.query, "")),
            signed_url_seconds=settings.STORAGE_SIGNED_URL_SECONDS,
        )
        return _s3_storage(options), parts.path.lstrip("/")
    if parts.scheme == "file":
        path = storage_url.local_path(url)
        return FileSystemStorage(location=os.path.dirname(path)), os.path.basename(path)
    raise ValueError(f"Unknown archive location {url!r}")
