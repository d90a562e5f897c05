"""`STORAGE_URL` / archive destination parsing. No Django imports: settings use it too.

* a plain path or `file:///path` — a local folder;
* `s3://bucket[/prefix]?endpoint_url=…&region=…[&addressing_style=path]` — an S3-compatible
  bucket through django-storages; the keys come from `AWS_ACCESS_KEY_ID` /
  `AWS_SECRET_ACCESS_KEY` (never from the URL, so the URL can be logged and stored).
"""

import os
from urllib.parse import parse_qs, unquote, urlsplit

S3_BACKEND = "storages.backends.s3.S3Storage"
FILE_BACKEND = "django.core.files.storage.FileSystemStorage"


def is_s3(url: str) -> bool:
    return url.startswith("s3://")


def local_path(url: str) -> str:
    """The folder of a `file://` URL or plain path."""
    if url.startswith("file://"):
        return unquote(urlsplit(url).path)
    return url


def s3_options(url: str, *, signed_url_seconds: int = 300) -> dict:
    """django-storages S3Storage options for an `s3://` URL: private objects, signed URLs."""
    parts = urlsplit(url)
    if not parts.netloc:
        raise ValueError(f"S3 URL without a bucket: {url!r}")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    options = {
        "bucket_name": parts.netloc,
        "location": parts.path.strip("/"),
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": signed_url_seconds,
        "file_overwrite": False,
        "signature_version": "s3v4",
        "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
    }
    if query.get("endpoint_url"):
        options["endpoint_url"] = query["endpoint_url"]
    if query.get("region"):
        options["region_name"] = query["region"]
    if query.get("addressing_style"):
        options["addressing_style"] = query["addressing_style"]
    return options


def storage_setting(url: str, *, signed_url_seconds: int = 300) -> dict:
    """The `STORAGES["default"]` entry for `url`."""
    if is_s3(url):
        return {
            "BACKEND": S3_BACKEND,
            "OPTIONS": s3_options(url, signed_url_seconds=signed_url_seconds),
        }
    return {"BACKEND": FILE_BACKEND}  # location: MEDIA_ROOT
