"""Business numbers: `SHP-2026-0001` for shipments, and the same per-year counters for other
documents (`BK-…` statements)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from unicon.shipments.models import NumberSequence


def next_number(prefix: str, at: datetime | None = None) -> str:
    """`<prefix>-YYYY-NNNN` from a per-year database counter (year in Asia/Ho_Chi_Minh).

    Must run inside the creating transaction: the counter row is locked with
    `select_for_update` until commit, so two creators can never get the same number.
    NNNN widens past 9999 (…-9999, …-10000).
    """
    moment = at or timezone.now()
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    year = timezone.localtime(moment).year
    name = f"{prefix}-{year}"
    with transaction.atomic():
        NumberSequence.objects.get_or_create(name=name)
        counter = NumberSequence.objects.select_for_update().get(name=name)
        counter.last_value += 1
        counter.save(update_fields=["last_value"])
    return f"{name}-{counter.last_value:04d}"


def next_shipment_number(at: datetime | None = None) -> str:
    """The next `SHP-YYYY-NNNN` (see `next_number`)."""
    return next_number("SHP", at)
