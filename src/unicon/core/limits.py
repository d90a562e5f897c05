"""The largest request body the system reads: one upload (`POD_MAX_BYTES`) plus the multipart
framing and small form fields around it. Middleware that inspects bodies leaves larger ones to
the upload views, which refuse them (413) from `Content-Length` alone, unread."""

from django.conf import settings
from django.http import HttpRequest

# Room for the multipart framing and the small form fields around the one file.
MULTIPART_OVERHEAD = 64 * 1024


def max_body_bytes() -> int:
    return settings.POD_MAX_BYTES + MULTIPART_OVERHEAD


def body_readable(request: HttpRequest) -> bool:
    """True when the declared body is small enough to be read by a middleware."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) <= max_body_bytes()
    except ValueError:
        return False
