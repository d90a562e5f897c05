"""One generated shipment: its row, stops made from the stop templates, the driver task and
(through `history.History`) its events, consistent with the time of the run."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models

from unicon.customers.models import Location, LocationKind
from unicon.dispatch.models import DriverTask, TaskStatus
from unicon.runbook.datagen.cast import Cast, new_public_id
from unicon.runbook.datagen.history import History, Paths
from unicon.runbook.datagen.plan import BIG_MODELS, SLOTS, Chunk
from unicon.shipments import numbering
from unicon.shipments.models import ContainerType, OperationStatus, Shipment, ShipmentEvent, Stop
from unicon.shipments.validators import iso6346_check_digit

S = OperationStatus
TRIP_HOURS = 5
CANCELLED_SHARE = 0.04
DISPATCHED_AHEAD_DAYS = 2
CONTAINER_TYPES = tuple(ContainerType.values[:4])  # the common ISO sizes
OWNER_CODES = ("MSCU", "MAEU", "CMAU", "OOLU", "HLXU", "EGHU", "ONEU", "TGHU", "SEGU", "YMLU")
STOP_KIND = {
    "PICKUP_EMPTY": LocationKind.DEPOT,
    "RETURN_EMPTY": LocationKind.DEPOT,
    "PORT_DELIVERY": LocationKind.PORT,
    "PORT_PICKUP": LocationKind.PORT,
}


@dataclass
class Rows:
    """Rows of the big tables, as {attname: value} dicts, for one chunk."""

    shipments: list[dict] = field(default_factory=list)
    stops: list[dict] = field(default_factory=list)
    tasks: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)

    def counts(self) -> tuple[int, int, int, int]:
        return len(self.shipments), len(self.stops), len(self.tasks), len(self.events)

    def by_model(self) -> list[tuple[type[models.Model], list[dict]]]:
        return [
            (Shipment, self.shipments),
            (Stop, self.stops),
            (DriverTask, self.tasks),
            (ShipmentEvent, self.events),
        ]


class ShipmentFactory:
    """Builds one shipment with its stops, task and history, consistent with `now`."""

    def __init__(self, cast: Cast, rng: random.Random, now: dt.datetime, chunk: Chunk):
        self.cast, self.rng, self.now = cast, rng, now
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.today = now.astimezone(self.zone).date()
        self.ids = {m: itertools.count(chunk.first_ids[m._meta.label]).__next__ for m in BIG_MODELS}
        self.counters = dict(chunk.counters)  # "SHP-2026" -> last number used
        self.driver_public = cast.driver_public
        self.driver_users = {d[0]: d[1] for d in cast.drivers}
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(cast.customers))]
        self.customer_weights = weights
        self.paths = Paths()

    def build(self, day: dt.date, index: int, rows: Rows) -> None:
        drivers = self.cast.drivers
        slot = (index // len(drivers)) % len(SLOTS)
        hour, minute = SLOTS[slot]
        start = dt.datetime.combine(day, dt.time(hour, minute), self.zone)
        start += dt.timedelta(minutes=self.rng.randrange(0, 50))
        status = self._status(day, index, start)
        driver = drivers[(index + day.toordinal()) % len(drivers)]
        shipment = self._shipment(start, booked=status != S.DRAFT)
        stops = self._stops(shipment)
        rows.shipments.append(shipment)
        rows.stops.extend(stops)
        history = History(self, shipment, rows.events)
        history.created()
        if status == S.CANCELLED:
            history.cancelled()
            return
        if status in (S.DRAFT, S.PENDING):
            history.waiting(status)
            return
        task = self._task(shipment, driver, slot)
        rows.tasks.append(task)
        history.dispatched(task, driver)
        history.driven(stops, task)

    def _status(self, day: dt.date, index: int, start: dt.datetime) -> str:
        """CANCELLED, DRAFT, PENDING, or DISPATCHED for a trip that gets a driver (the
        history then drives it as far as `now`)."""
        if start <= self.now:
            return S.CANCELLED if self.rng.random() < CANCELLED_SHARE else S.DISPATCHED
        ahead = (day - self.today).days
        capacity = len(self.cast.drivers) * len(SLOTS)
        if ahead <= DISPATCHED_AHEAD_DAYS and index < capacity and index % 10 != 9:
            return S.DISPATCHED
        return S.DRAFT if self.rng.random() < 0.4 else S.PENDING

    def _number(self, start: dt.datetime) -> str:
        """The next number of the trip's year, as `shipments.numbering` writes it (the run
        reserved the range: `plan.plan_chunks`)."""
        name = numbering.counter_name(numbering.SHIPMENT_PREFIX, numbering.number_year(start))
        self.counters[name] = self.counters.get(name, 0) + 1
        return numbering.format_number(name, self.counters[name])

    def _container(self) -> str:
        first_ten = f"{self.rng.choice(OWNER_CODES)}{self.rng.randrange(10**6):06d}"
        return f"{first_ten}{iso6346_check_digit(first_ten)}"

    def _shipment(self, start: dt.datetime, booked: bool) -> dict:
        rng = self.rng
        customer = rng.choices(self.cast.customers, self.customer_weights)[0]
        by_customer = rng.random() < 0.3
        # created in the trip's year: numbers count per year (SHP-YYYY-…), and each chunk of
        # days must know its years' counters in advance
        created = start - dt.timedelta(minutes=rng.randrange(120, 72 * 60))
        created = max(created, start.replace(month=1, day=1, hour=0, minute=0))
        kind = "EXPORT" if rng.random() < 0.5 else "IMPORT"
        return {
            "id": self.ids[Shipment](),
            "public_id": new_public_id(),
            "number": self._number(start),
            "customer_id": customer,
            "shipment_type": kind,
            "planned_start": start,
            "planned_end": start + dt.timedelta(hours=TRIP_HOURS),
            "container_number": self._container() if booked or rng.random() < 0.5 else "",
            "container_type": rng.choice(CONTAINER_TYPES),
            "booking_number": f"BK{rng.randrange(10**8):08d}" if kind == "EXPORT" else "",
            "bill_of_lading": f"HLCU{rng.randrange(10**9):09d}" if kind == "IMPORT" else "",
            "created_by_id": self.cast.customer_users[customer] if by_customer else self.cast.ops,
            "created_by_customer": by_customer,
            "created_at": created,
            "updated_at": created,
            "version": 1,
        }

    def _place(self, category: str, customer: int) -> Location:
        kind = STOP_KIND.get(category, LocationKind.WAREHOUSE)
        if kind == LocationKind.PORT:
            return self.rng.choice(self.cast.ports)
        if kind == LocationKind.DEPOT:
            return self.rng.choice(self.cast.depots)
        return self.rng.choice(self.cast.warehouses[customer])

    def _stops(self, shipment: dict) -> list[dict]:
        stops = []
        for n, spec in enumerate(self.cast.templates[shipment["shipment_type"]]):
            place = self._place(spec.category, shipment["customer_id"])
            arrival = shipment["planned_start"] + dt.timedelta(minutes=100 * n)
            stops.append(
                {
                    "id": self.ids[Stop](),
                    "public_id": new_public_id(),
                    "shipment_id": shipment["id"],
                    "sequence": spec.sequence,
                    "category": spec.category,
                    "stop_type": spec.stop_type,
                    "label": spec.label,
                    "location_id": place.pk,
                    "location_name": place.name,
                    "address": place.address,
                    "contact_person": place.contact_person,
                    "contact_phone": place.contact_phone,
                    "planned_arrival": arrival,
                    "planned_departure": arrival + dt.timedelta(minutes=60),
                    "required_photos": spec.photos_json,
                    "created_at": shipment["created_at"],
                    "updated_at": shipment["created_at"],
                    "_place": place,
                }
            )
        return stops

    def _task(self, shipment: dict, driver: tuple, slot: int) -> dict:
        driver_id, _, tractor, trailer, _, _ = driver
        assigned = shipment["created_at"] + (shipment["planned_start"] - shipment["created_at"]) / 2
        return {
            "id": self.ids[DriverTask](),
            "public_id": new_public_id(),
            "shipment_id": shipment["id"],
            "driver_id": driver_id,
            "tractor_id": tractor,
            "trailer_id": trailer,
            "sequence": slot + 1,
            "status": TaskStatus.PENDING,
            "planned_start": shipment["planned_start"],
            "planned_end": shipment["planned_end"],
            "assigned_by_id": self.cast.dispatcher,
            "created_at": assigned,
            "updated_at": assigned,
        }
