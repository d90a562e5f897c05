"""Text with a NUL character (U+0000) is refused before it reaches a view.

PostgreSQL cannot store U+0000 in a text column (psycopg raises "A string literal cannot
contain NUL (0x00) characters"), SQLite stores it silently; either way no user means it. Every
request is checked — the query string, a JSON body (the decoded strings and keys) and form
fields — and answered 400 `VALIDATION_ERROR` (API) or 400 (pages), changing nothing. Uploaded
files are bytes and are not checked; a multipart body over the upload limit is left to the
view, which refuses it unread.
"""

import json
from collections.abc import Iterable

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext

from unicon.core.errors import error_response
from unicon.core.limits import body_readable

NUL = "\x00"


def _strings(value) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _json_strings(request: HttpRequest) -> Iterable[str]:
    try:
        return _strings(json.loads(request.body))
    except RequestDataTooBig:  # the view answers 413
        return []
    except ValueError:  # not JSON: the view answers that
        return []


def _form_strings(request: HttpRequest) -> Iterable[str]:
    if not body_readable(request):
        return []
    return (value for key in request.POST for value in [key, *request.POST.getlist(key)])


def has_nul(request: HttpRequest) -> bool:
    """True when any text of the request contains U+0000."""
    texts: Iterable[str] = (v for key in request.GET for v in [key, *request.GET.getlist(key)])
    if any(NUL in text for text in texts):
        return True
    if request.method not in ("POST", "PUT", "PATCH"):
        return False
    if request.content_type == "application/json":
        return any(NUL in text for text in _json_strings(request))
    if request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        return any(NUL in text for text in _form_strings(request))
    return False


class RefuseNulMiddleware:
    """Answer 400 to a request whose text contains U+0000 (see the module doc)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not has_nul(request):
            return self.get_response(request)
        message = gettext("Text may not contain NUL (U+0000) characters.")
        if request.path.startswith("/api/"):
            return error_response(
                "VALIDATION_ERROR", message, {"text": ["contains U+0000"]}, status=400
            )
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
