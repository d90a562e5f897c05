"""The time a person acted, as told by their device, checked against the server's clock.

A driver without signal checks in and takes photos offline; the phone sends them later with
`occurredAt`. That time is what the business needs (arrival at the port gate), so it is
stored as the time of the action, beside the server's receipt time, once it is plausible:

- not after now + `OFFLINE_CLOCK_SKEW_SECONDS` (phones' clocks drift a little; default 300);
- not older than `OFFLINE_MAX_AGE_HOURS` (default 72: a longer gap needs the office);
- not before the action that must precede it (`not_before`, e.g. the previous stop's
  check-out), so stops stay in order.

Pages flag an action received more than `OFFLINE_GAP_FLAG_MINUTES` (default 15) after it
happened (`is_late`).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from unicon.core import display
from unicon.core.errors import ValidationFailed


def _shown(moment: datetime) -> str:
    return display.vndatetime(moment)


def acted_at(
    occurred_at: datetime | None,
    *,
    field: str = "occurredAt",
    not_before: datetime | None = None,
    not_before_reason: str = "",
    now: datetime | None = None,
) -> datetime:
    """The time of the action: `occurred_at` when given and plausible, else `now`.

    A naive `occurred_at` is read as business time (Asia/Ho_Chi_Minh). Raises
    `ValidationFailed` ({field: [reason]}) when it is in the future beyond the clock skew,
    older than the window, or before `not_before` (`not_before_reason` says why).
    """
    now = now or timezone.now()
    if occurred_at is None:
        return now
    if timezone.is_naive(occurred_at):
        occurred_at = timezone.make_aware(occurred_at, timezone.get_default_timezone())
    if occurred_at > now + timedelta(seconds=settings.OFFLINE_CLOCK_SKEW_SECONDS):
        message = _("The time %(time)s is in the future; check the phone's clock.") % {
            "time": _shown(occurred_at)
        }
        raise ValidationFailed(message, {field: [message]})
    oldest = now - timedelta(hours=settings.OFFLINE_MAX_AGE_HOURS)
    if occurred_at < oldest:
        message = _(
            "The time %(time)s is more than %(hours)s hours ago; ask the office to record it."
        ) % {"time": _shown(occurred_at), "hours": settings.OFFLINE_MAX_AGE_HOURS}
        raise ValidationFailed(message, {field: [message]})
    if not_before is not None and occurred_at < not_before:
        message = _("The time %(time)s is before %(reason)s (%(before)s).") % {
            "time": _shown(occurred_at),
            "reason": not_before_reason,
            "before": _shown(not_before),
        }
        raise ValidationFailed(message, {field: [message]})
    return occurred_at


def is_late(acted: datetime | None, received: datetime | None) -> bool:
    """True when an action reached the server more than `OFFLINE_GAP_FLAG_MINUTES` after it
    happened (it was recorded offline, or the phone's clock is wrong)."""
    if acted is None or received is None:
        return False
    return received - acted > timedelta(minutes=settings.OFFLINE_GAP_FLAG_MINUTES)
