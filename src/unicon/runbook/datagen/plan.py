"""The time plan of a run: how many shipments start on each day, cut into chunks that know
their first primary keys and number counters in advance, so workers need no coordination."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models

from unicon.dispatch.models import DriverTask
from unicon.runbook.datagen.history import most_events
from unicon.shipments.models import Shipment, ShipmentEvent, Stop
from unicon.shipments.numbering import SHIPMENT_PREFIX, counter_name

BIG_MODELS: tuple[type[models.Model], ...] = (Shipment, Stop, DriverTask, ShipmentEvent)
SLOTS = ((6, 0), (12, 0), (18, 0))  # a driver's trips start at most three times a day
FUTURE_DAYS = 14
FUTURE_SHARE = 0.03  # share of the shipments booked for the coming two weeks


def day_counts(total: int, years: int, drivers: int, today: dt.date) -> list[tuple[dt.date, int]]:
    """How many shipments start on each day: history up to today, then two booked weeks.

    History spans `years` (longer if needed so that every day's trips fit the drivers'
    slots); each day gets an even share.
    """
    future = round(total * FUTURE_SHARE) if total >= 100 else 0
    history = total - future
    per_day_capacity = max(1, drivers * len(SLOTS) * 9 // 10)
    days = max(years * 365, -(-history // per_day_capacity), 1)
    plan = _spread(history, [today - dt.timedelta(days=n) for n in range(days - 1, -1, -1)])
    ahead = [today + dt.timedelta(days=n) for n in range(1, FUTURE_DAYS + 1)]
    return plan + _spread(future, ahead)


def _spread(total: int, days: list[dt.date]) -> list[tuple[dt.date, int]]:
    base, extra = divmod(total, len(days))
    return [(day, base + (1 if n < extra else 0)) for n, day in enumerate(days)]


@dataclass
class Chunk:
    """Consecutive days generated as one unit (by one worker), with the first primary key of
    each big table and the number counters it starts from, so chunks need no coordination."""

    index: int
    days: list[tuple[dt.date, int]]
    first_ids: dict[str, int]
    counters: dict[str, int]


def plan_chunks(
    plan: list[tuple[dt.date, int]],
    size: int,
    first_ids: dict[str, int],
    counters: dict[str, int],
    max_stops: int,
) -> tuple[list[Chunk], dict[str, int]]:
    """Cut the day plan into chunks of about `size` shipments; returns them and the number
    counters after the last one (`SHP-YYYY` → last number, per the trip's year). Id ranges
    leave room for the most rows a shipment can have (unused ids are gaps, which primary keys
    allow); the events' room comes from the status machine (`history.most_events`)."""
    per_shipment = {
        Shipment._meta.label: 1,
        Stop._meta.label: max_stops,
        DriverTask._meta.label: 1,
        ShipmentEvent._meta.label: most_events(max_stops),
    }
    next_ids, counters = dict(first_ids), dict(counters)
    chunks: list[Chunk] = []
    days: list[tuple[dt.date, int]] = []
    total = 0
    for n, (day, count) in enumerate(plan):
        days.append((day, count))
        total += count
        if total < size and n < len(plan) - 1:
            continue
        chunks.append(Chunk(len(chunks), days, dict(next_ids), dict(counters)))
        for label, rows in per_shipment.items():
            next_ids[label] += total * rows
        for day_, count_ in days:
            name = counter_name(SHIPMENT_PREFIX, day_.year)
            counters[name] = counters.get(name, 0) + count_
        days, total = [], 0
    return chunks, counters
