"""Vietnamese-style formatting for the pages: dd/mm/yyyy (Asia/Ho_Chi_Minh) and `1.234.567 ₫`."""

from django import template

from unicon.core import display

register = template.Library()


_local = display.local


register.filter("vndate", display.vndate)


register.filter("vndatetime", display.vndatetime)


register.filter("vntime", display.vntime)


register.filter("vnd", display.vnd)


register.filter("quantity", display.quantity)


@register.filter
def daymonth(value) -> str:
    """A date or datetime as dd/mm (a datetime's business day)."""
    if not value:
        return ""
    return display.vndate(value)[:5]


@register.filter
def isotime(value) -> str:
    """An aware datetime in ISO 8601 for `<time datetime="…">`, in the business time zone
    (UTC when it cannot be converted: `core.display`)."""
    if not value:
        return ""
    return _local(value).isoformat()


@register.filter
def inputdt(value) -> str:
    """A datetime for `<input type="datetime-local">` in the business time zone."""
    if not value:
        return ""
    if isinstance(value, str):
        return value
    return _local(value).strftime("%Y-%m-%dT%H:%M")


@register.filter
def get(mapping, key):
    """`errors|get:"plannedStart"` — a dict lookup with a variable or dotted key."""
    if not mapping:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def lower(value) -> str:
    return str(value or "").lower()


@register.filter
def photo_labels(kinds) -> str:
    """Required photo types as their translated labels, comma-separated."""
    from unicon.shipments.models import PhotoType

    return ", ".join(
        str(PhotoType(k).label) if k in PhotoType.values else str(k) for k in kinds or []
    )


@register.filter
def status_label(value, kind: str = "") -> str:
    """A status code as its translated label; `{{ e.to_status|status_label:e.kind }}` reads it
    as the status of a history line's kind (see `shipments.labels.status_label`)."""
    from unicon.shipments.labels import status_label as label

    return label(str(value or ""), str(kind or ""))
