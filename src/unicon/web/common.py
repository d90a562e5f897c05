"""Small helpers shared by the pages: service errors as messages, field errors, dates."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.http import Http404
from django.utils import timezone

from unicon.core import dates, readable
from unicon.core.crud import snake
from unicon.core.errors import NotFound, ServiceError


def field_errors(exc: ServiceError) -> dict[str, list[str]]:
    """The field errors of a refusal as {snake_case field name: [readable reason, …]}, for a
    hand-written form whose template reads them by its inputs' names (`core.readable`)."""
    return {snake(key): reasons for key, reasons in readable.field_reasons(exc).items()}


def report(
    request, exc: ServiceError, labels: Mapping[str, Any] | None = None, *, on_form: bool = False
) -> None:
    """Show a refused action as an error message, readable (`core.readable.text`: the fields
    it names by `labels` or their common names; `on_form`: the page's form shows them, the
    message alone); a missing object becomes the 404 page."""
    if isinstance(exc, NotFound):
        raise Http404(exc.message)
    messages.error(request, exc.message if on_form else readable.text(exc, labels))


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
