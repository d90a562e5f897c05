from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("notifications/bell.html")
def notification_bell(unread: int | None = None) -> dict:
    """The header's bell; without a count it loads it at once (htmx), then every
    `NOTIFY_BELL_POLL_SECONDS` (30) seconds."""
    return {"unread": unread, "poll": settings.NOTIFY_BELL_POLL_SECONDS}
