"""Turn an authorised `Download` into a response: streamed from a local folder, or a redirect
to a short-lived signed URL on S3. Never HTML: the stored type comes from our own content
check, images are inline, PDFs attachments, and `nosniff` + a sandboxing CSP are always set."""

from django.conf import settings
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

from unicon.pods import storage
from unicon.pods.services import Download


def _harden(response: HttpResponse, download: Download) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = content_disposition_header(
        download.attachment, download.filename
    )
    return response


def respond(download: Download) -> HttpResponse:
    store = storage.primary()
    if storage.is_local(store) or not settings.STORAGE_SIGNED_URLS:
        handle = store.open(download.key, "rb")
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
