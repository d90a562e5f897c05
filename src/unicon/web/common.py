"""Small helpers shared by the pages: service errors as messages, field errors, dates."""

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.utils import timezone

from unicon.core import dates
from unicon.core.errors import NotFound, ServiceError


def field_errors(exc: ServiceError) -> dict[str, list[str]]:
    """`details` of a ValidationFailed as {field key: [text, …]} (non-list values ignored)."""
    details = exc.details if isinstance(exc.details, dict) else {}
    result = {}
    for key, value in details.items():
        if isinstance(value, list | tuple):
            result[key] = [str(v) for v in value]
        elif isinstance(value, str):
            result[key] = [value]
    return result


def report(request, exc: ServiceError) -> None:
    """Show a refused action as an error message (a missing object becomes the 404 page)."""
    if isinstance(exc, NotFound):
        raise Http404(exc.message)
    messages.error(request, exc.message)


def day_param(value: str | None) -> dt.date:
    """`?date=YYYY-MM-DD` (or dd/mm/yyyy), else today in the business time zone."""
    return dates.parse_date(value) or timezone.localdate()


def parse_local(value: str | None) -> dt.datetime | None:
    """`<input type="datetime-local">` (or dd/mm/yyyy HH:mm) → an aware datetime
    (Asia/Ho_Chi_Minh), None if empty/bad."""
    parsed = dates.parse_datetime(value)
    if parsed is None:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
    return parsed


def gps(request) -> dict:
    """Latitude/longitude sent by the page when the phone allowed it."""
    lat, lng = request.POST.get("latitude") or None, request.POST.get("longitude") or None
    return {"latitude": lat, "longitude": lng}
