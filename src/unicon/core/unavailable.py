"""Honest answers while the database is unreachable: 503 with `Retry-After`, never a 500.

A lost database connection (`django.db.OperationalError` / `InterfaceError`, e.g. PostgreSQL
restarting, the network to it down) is not a bug of the request: the API answers
503 `UNAVAILABLE` in the error envelope with `details.retryAfter` and the `Retry-After`
header, pages a short "temporarily unavailable" page that needs no database. Django closes
the broken connection when the request ends (`close_if_unusable_or_obsolete`), so the first
request after the database is back connects anew and succeeds.

Wired as `handler500` (errors anywhere, middleware included) and by the API's exception
handler (errors inside API operations).
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.views import defaults

from unicon.core.errors import error_response

logger = logging.getLogger("unicon.unavailable")
RETRY_AFTER_SECONDS = 5


def is_database_down(exc: BaseException | None) -> bool:
    return isinstance(exc, OperationalError | InterfaceError)


def unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 for a request that found the database unreachable."""
    logger.warning("Database unreachable on %s %s", request.method, request.path)
    if request.path.startswith("/api/"):
        response = error_response(
            "UNAVAILABLE",
            gettext("The service is temporarily unavailable; try again shortly."),
            {"retryAfter": RETRY_AFTER_SECONDS},
            status=503,
        )
    else:
        # rendered without the request: no context processor may touch the database
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """`handler500`: 503 when the database is unreachable, else the JSON 500 envelope under
    /api/ and Django's plain 500 page elsewhere."""
    if is_database_down(sys.exc_info()[1]):
        return unavailable(request)
    if request.path.startswith("/api/"):
        return error_response("INTERNAL_ERROR", gettext("Internal server error"), status=500)
    return defaults.server_error(request)
