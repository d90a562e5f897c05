"""Small helpers shared by the pages: service errors as messages, field errors, dates."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from unicon.core import dates, readable
from unicon.core.crud import snake
from unicon.core.errors import NotFound, ServiceError, ValidationFailed


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


def day_param(value: str | None, request=None) -> dt.date:
    """`?date=YYYY-MM-DD` (or dd/mm/yyyy) within `core.dates`' range, else today in the
    business time zone. A day that cannot be read or is out of the range is said on the
    page (an error message of `request`, when given) with "showing today"."""
    try:
        day = dates.read_day(value, "date")
    except ValidationFailed as exc:
        if request is not None:
            messages.error(request, f"{exc.message} {_('Showing today instead.')}")
        return timezone.localdate()
    return day or timezone.localdate()


def gps(request) -> dict:
    """Latitude/longitude sent by the page when the phone allowed it."""
    lat, lng = request.POST.get("latitude") or None, request.POST.get("longitude") or None
    return {"latitude": lat, "longitude": lng}
