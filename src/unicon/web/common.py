"""Small helpers shared by the pages: service errors as messages, field errors, dates."""

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from unicon.core import dates
from unicon.core.errors import NotFound, ServiceError, ValidationFailed


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


def form_refusal(form) -> ValidationFailed:
    """A refused form as one message for a page that redirects (no field to put it beside):
    each reason after its field's label ("To: Enter a real day as dd/mm/yyyy."), never the
    field's key; a reason that already names its field is written alone."""
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = str(field.label) if field is not None and field.label else ""
        for message in map(str, errors):
            named = not label or message.startswith(label)
            parts.append(message if named else f"{label}: {message}")
    return ValidationFailed(" ".join(dict.fromkeys(parts)))


def report(request, exc: ServiceError) -> None:
    """Show a refused action as an error message (a missing object becomes the 404 page)."""
    if isinstance(exc, NotFound):
        raise Http404(exc.message)
    messages.error(request, exc.message)


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
