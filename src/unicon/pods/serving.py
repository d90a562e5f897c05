"""Turn an authorised `Download` into a response: streamed from a local folder, or a redirect
to a short-lived signed URL on S3. Never HTML: the stored type comes from our own content
check, images are inline, PDFs attachments, and `nosniff` + a sandboxing CSP are always set."""

import logging

from django.conf import settings
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from unicon.core.errors import Gone
from unicon.pods import storage
from unicon.pods.downloads import Download

logger = logging.getLogger("unicon.pods")


def _harden(response: HttpResponse, download: Download) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = content_disposition_header(
        download.attachment, download.filename
    )
    return response


def _missing(download: Download) -> Gone:
    logger.error("File %s is missing from storage", download.key)
    return Gone(
        _(
            "The file %(name)s is missing from storage. It may have been archived or lost; "
            "ask operations to restore it."
        )
        % {"name": download.filename},
        {"reason": "FILE_MISSING"},
    )


def respond(download: Download) -> HttpResponse:
    """A streamed file or a signed redirect; raises Gone (410) when the row exists but the
    file is not in storage (never a 500)."""
    store = storage.primary()
    if not storage.is_local(store) and not store.exists(download.key):
        raise _missing(download)  # one HEAD request; S3 would answer the browser 404
    if storage.is_local(store) or not settings.STORAGE_SIGNED_URLS:
        try:
            handle = store.open(download.key, "rb")
        except (FileNotFoundError, OSError) as exc:
            raise _missing(download) from exc
        response = FileResponse(handle, content_type=download.content_type)
        return _harden(response, download)
    disposition = content_disposition_header(download.attachment, download.filename)
    url = store.url(
        download.key,
        parameters={
            "ResponseContentType": download.content_type,
            "ResponseContentDisposition": disposition,
        },
        expire=settings.STORAGE_SIGNED_URL_SECONDS,
    )
    return _harden(HttpResponseRedirect(url), download)
