"""Print pages (trip sheet, delivery note): an A4 HTML page with print CSS, or `?format=pdf`
for the same document as a PDF made by WeasyPrint (`unicon.core.pdf`)."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from unicon.core.errors import ServiceError
from unicon.core.pdf import PdfUnavailable
from unicon.web.common import report


def pdf_response(data: bytes, name: str) -> HttpResponse:
    """PDF bytes shown in the browser (inline), saved as `name`."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def print_page(
    request: HttpRequest,
    template: str,
    load: Callable,
    load_pdf: Callable,
    object_id,
    *,
    name: str,
) -> HttpResponse:
    """`load(user, id)` rendered into `template` as `name`; with `?format=pdf`,
    `load_pdf(user, id)` → (bytes, file name). A refusal becomes a message on the user's home
    (404 stays a 404); a server without Pango falls back to the HTML page with a message."""
    try:
        if request.GET.get("format") == "pdf":
            return pdf_response(*load_pdf(request.user, object_id))
        found = load(request.user, object_id)
    except PdfUnavailable as exc:
        messages.error(request, exc.message)
        return redirect(request.path)
    except ServiceError as exc:
        report(request, exc)
        return redirect("home")
    return render(request, template, {name: found, "pdf": False})
