"""Business numbers: `SHP-2026-0001` for shipments, and the same per-year counters for other
documents (`BK-…` statements).

The format lives here only: `counter_name` names a year's counter (`SHP-2026`, the
`NumberSequence` row), `format_number` writes its n-th number. `next_number` takes the next
one in a transaction; the benchmark data generator (`runbook.datagen`) reserves whole ranges
of the same counters and writes the numbers with the same two functions.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from unicon.shipments.models import NumberSequence

SHIPMENT_PREFIX = "SHP"


def number_year(moment: datetime) -> int:
    """The year a number counts in: the business year (Asia/Ho_Chi_Minh) of `moment`."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return timezone.localtime(moment).year


def counter_name(prefix: str, year: int) -> str:
    """The per-year counter of `prefix`: `SHP-2026`."""
    return f"{prefix}-{year}"


def format_number(counter: str, value: int) -> str:
    """The `value`-th number of `counter`: `SHP-2026-0001`; widens past 9999 (…-10000)."""
    return f"{counter}-{value:04d}"


def next_number(prefix: str, at: datetime | None = None) -> str:
    """`<prefix>-YYYY-NNNN` from a per-year database counter (year in Asia/Ho_Chi_Minh).

    Must run inside the creating transaction: the counter row is locked with
    `select_for_update` until commit, so two creators can never get the same number.
    """
    name = counter_name(prefix, number_year(at or timezone.now()))
    with transaction.atomic():
        NumberSequence.objects.get_or_create(name=name)
        counter = NumberSequence.objects.select_for_update().get(name=name)
        counter.last_value += 1
        counter.save(update_fields=["last_value"])
    return format_number(name, counter.last_value)


def next_shipment_number(at: datetime | None = None) -> str:
    """The next `SHP-YYYY-NNNN` (see `next_number`)."""
    return next_number(SHIPMENT_PREFIX, at)
