"""Gzip for responses of at least `GZIP_MIN_BYTES` (default 1 KB), runbook §3.2.

Django's GZipMiddleware compresses from 200 bytes and also streams files; this one keeps its
BREACH mitigations (random bytes in the gzip header, Django's per-request masked CSRF token)
and only compresses text bodies (HTML, JSON, CSS, JS, XML, plain text) of at least the
threshold that are not streamed. Files (POD photos, PDFs, backups, exports) are streamed and
are sent as they are: images and PDFs are already compressed, and range requests keep working.
First in MIDDLEWARE, so compressing is the last thing done to a response (Django's docs).
"""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE = ("text/", "application/json", "application/javascript", "application/xml")


class MinimumSizeGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if response.streaming:
            return response
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(COMPRESSIBLE):
            return response
        if len(response.content) < getattr(settings, "GZIP_MIN_BYTES", 1024):
            return response
        return super().process_response(request, response)
