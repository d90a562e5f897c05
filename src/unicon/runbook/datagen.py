"""Realistic generated data at scale (`unicon generate-data`), for benchmarks and load tests.

The data has the shape the services produce: customers with their warehouses, a fleet with
valid papers, drivers with logins, shipments made from the stop templates with ISO 6346
container numbers and `SHP-YYYY-NNNN` numbers, stops with check-in/out times, driver tasks
that never double-book a driver or vehicle, and the history events of every status move.
Statuses follow time: the past is delivered (a few cancelled), today is being driven, the
next two weeks are booked (DRAFT, PENDING, DISPATCHED).

The big tables are written with COPY on PostgreSQL (executemany elsewhere) inside ONE
transaction: a failure leaves nothing behind. On PostgreSQL the secondary indexes and
constraints of those tables are dropped for the load and rebuilt before the commit, which is
several times faster than maintaining them row by row.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import itertools
import json
import multiprocessing
import operator
import os
import pickle
import random
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from unicon.accounts.models import User
from unicon.billing import datagen as billing_datagen
from unicon.core import audit
from unicon.core.roles import Role
from unicon.customers.models import Customer, Location, LocationKind
from unicon.dispatch.models import DriverTask, TaskStatus
from unicon.fleet.models import Driver, LegalEntity, Vehicle, VehicleType
from unicon.shipments.models import (
    ContainerType,
    DocumentStatus,
    EventKind,
    NumberSequence,
    OperationStatus,
    Shipment,
    ShipmentEvent,
    Stop,
    StopTemplate,
)
from unicon.shipments.validators import iso6346_check_digit

S = OperationStatus
BIG_MODELS: tuple[type[models.Model], ...] = (Shipment, Stop, DriverTask, ShipmentEvent)
PREFIX = "gen"
SLOTS = ((6, 0), (12, 0), (18, 0))  # a driver's trips start at most three times a day
TRIP_HOURS = 5
FUTURE_DAYS = 14
FUTURE_SHARE = 0.03  # share of the shipments booked for the coming two weeks
CANCELLED_SHARE = 0.04
DISPATCHED_AHEAD_DAYS = 2
# created, submitted, assigned, dispatched, started, delivered, two document moves
MAX_EVENTS_BESIDES_STOPS = 8
CONTAINER_TYPES = tuple(ContainerType.values[:4])  # the common ISO sizes
OWNER_CODES = ("MSCU", "MAEU", "CMAU", "OOLU", "HLXU", "EGHU", "ONEU", "TGHU", "SEGU", "YMLU")
STOP_KIND = {
    "PICKUP_EMPTY": LocationKind.DEPOT,
    "RETURN_EMPTY": LocationKind.DEPOT,
    "PORT_DELIVERY": LocationKind.PORT,
    "PORT_PICKUP": LocationKind.PORT,
}
PORTS = (
    ("Cảng Cát Lái", "Phường Thạnh Mỹ Lợi, TP Thủ Đức", "TP Hồ Chí Minh", 10.7583, 106.7880),
    ("Cảng SP-ITC", "Phường Phú Hữu, TP Thủ Đức", "TP Hồ Chí Minh", 10.7890, 106.7960),
    ("Cảng Cái Mép TCIT", "Phường Tân Phước, Phú Mỹ", "Bà Rịa - Vũng Tàu", 10.5520, 107.0280),
    ("Cảng Tân Cảng Hiệp Phước", "Xã Hiệp Phước, Nhà Bè", "TP Hồ Chí Minh", 10.6340, 106.7560),
    ("Cảng VICT", "Phường Tân Thuận Đông, Quận 7", "TP Hồ Chí Minh", 10.7560, 106.7340),
)
DEPOTS = (
    ("ICD Transimex", "Phường Trường Thọ, TP Thủ Đức", "TP Hồ Chí Minh", 10.8460, 106.7630),
    ("ICD Phước Long", "Phường Phước Long B, TP Thủ Đức", "TP Hồ Chí Minh", 10.8110, 106.7740),
    ("Depot Sóng Thần", "Phường Dĩ An", "Bình Dương", 10.9040, 106.7560),
    ("ICD Tân Cảng Long Bình", "Phường Long Bình", "Đồng Nai", 10.9380, 106.8860),
    ("Depot Tanamexco", "Phường Linh Trung, TP Thủ Đức", "TP Hồ Chí Minh", 10.8700, 106.7900),
)
PROVINCES = (
    ("Bình Dương", 11.0, 106.65),
    ("Đồng Nai", 10.95, 106.85),
    ("Long An", 10.65, 106.45),
    ("TP Hồ Chí Minh", 10.80, 106.65),
)
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi")
GIVEN = ("Văn An", "Minh Tuấn", "Quốc Bảo", "Đức Thắng", "Thanh Hải", "Hữu Phước", "Công Danh")
TRADE = ("Thép", "Gỗ", "Dệt may", "Thủy sản", "Nhựa", "Điện tử", "Cao su", "Giày da", "Cà phê")


@dataclass
class Summary:
    shipments: int = 0
    stops: int = 0
    tasks: int = 0
    events: int = 0
    billing: dict = field(default_factory=dict)  # charges, invoices, payments (billing.datagen)
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    seconds: float = 0.0

    def add(self, counts: tuple[int, int, int, int]) -> None:
        self.shipments += counts[0]
        self.stops += counts[1]
        self.tasks += counts[2]
        self.events += counts[3]

    def as_dict(self) -> dict:
        return {
            "shipments": self.shipments,
            "stops": self.stops,
            "tasks": self.tasks,
            "events": self.events,
            **self.billing,
            "firstDay": str(self.first_day),
            "lastDay": str(self.last_day),
            "seconds": self.seconds,
        }


@dataclass
class Cast:
    """The master data the shipments refer to (ids only, to keep rows cheap)."""

    ops: int
    dispatcher: int
    customers: list[int]
    customer_users: dict[int, int]
    warehouses: dict[int, list[Location]]
    ports: list[Location]
    depots: list[Location]
    drivers: list[tuple[int, int, int, int, str, str]]  # id, user, tractor, trailer, plates
    driver_public: dict[int, str]
    templates: dict[str, list] = field(default_factory=dict)


# --------------------------------------------------------------------------- master data

_ids = random.Random(os.urandom(16))  # noqa: S311 - row ids need uniqueness, not secrecy


def new_public_id() -> str:
    """A random version-4 UUID as text: several times cheaper than `uuid.uuid4()` per row."""
    h = f"{_ids.getrandbits(128) & ~(0xF << 76) & ~(0x3 << 62) | (0x4 << 76) | (0x2 << 62):032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}"


def _plate(series: str, number: int) -> str:
    return f"{series}{number:05d}"


def _far_future(today: dt.date) -> dt.date:
    return today.replace(year=today.year + 3)


def _user(email: str, role: str, name: str, password: str, customer=None) -> User:
    return User(email=email, role=role, full_name=name, password=password, customer=customer)


def _ensure_users(users: list[User]) -> dict[str, User]:
    existing = {u.email: u for u in User.objects.filter(email__in=[u.email for u in users])}
    User.objects.bulk_create([u for u in users if u.email not in existing])
    return {u.email: u for u in User.objects.filter(email__in=[u.email for u in users])}


def _ensure_customers(rng: random.Random, count: int, password: str) -> list[Customer]:
    codes = [f"GEN{n:03d}" for n in range(1, count + 1)]
    existing = set(Customer.objects.filter(code__in=codes).values_list("code", flat=True))
    Customer.objects.bulk_create(
        Customer(
            code=code,
            name=f"Công ty TNHH {rng.choice(TRADE)} {code}",
            email=f"{PREFIX}-customer-{code[3:]}@unicon.local",
            phone=f"028{rng.randrange(10**7, 10**8)}",
            tax_code=f"{rng.randrange(10**9, 10**10)}",
            address=f"{rng.randrange(1, 300)} Đường số {rng.randrange(1, 30)}, KCN Sóng Thần",
            contact_person=_person(rng),
        )
        for code in codes
        if code not in existing
    )
    customers = list(Customer.objects.filter(code__in=codes).order_by("code"))
    _ensure_users(
        [
            _user(c.email, Role.CUSTOMER_OWNER, c.contact_person or c.name, password, c)
            for c in customers
        ]
    )
    return customers


def _ensure_locations(rng: random.Random, customers: list[Customer]) -> None:
    if Location.objects.filter(name__startswith="[GEN]").exists():
        return
    shared = [
        Location(
            name=f"[GEN] {name}",
            kind=kind,
            address=addr,
            province=prov,
            latitude=lat,
            longitude=lng,
        )
        for kind, rows in ((LocationKind.PORT, PORTS), (LocationKind.DEPOT, DEPOTS))
        for name, addr, prov, lat, lng in rows
    ]
    own = []
    for customer in customers:
        for n in (1, 2):
            province, lat, lng = rng.choice(PROVINCES)
            own.append(
                Location(
                    name=f"[GEN] Kho {n} {customer.code}",
                    kind=LocationKind.WAREHOUSE,
                    address=f"Lô {rng.choice('ABCDEF')}{rng.randrange(1, 40)}, KCN {province}",
                    province=province,
                    latitude=round(lat + rng.uniform(-0.1, 0.1), 6),
                    longitude=round(lng + rng.uniform(-0.1, 0.1), 6),
                    customer=customer,
                    contact_person=_person(rng),
                    contact_phone=f"09{rng.randrange(10**7, 10**8)}",
                )
            )
    Location.objects.bulk_create(shared + own)


def _ensure_fleet(rng: random.Random, count: dict[str, int], password: str, today: dt.date):
    entity, _ = LegalEntity.objects.get_or_create(
        code="GEN-UNICON", defaults={"name": "Unicon (generated fleet)"}
    )
    expiry = _far_future(today)
    fleet: dict[str, list[Vehicle]] = {}
    for kind, series, total in (
        (VehicleType.TRACTOR, "50H", count["tractors"]),
        (VehicleType.TRAILER, "50R", count["trailers"]),
    ):
        plates = [_plate(series, n) for n in range(1, total + 1)]
        existing = set(Vehicle.objects.filter(plate__in=plates).values_list("plate", flat=True))
        Vehicle.objects.bulk_create(
            Vehicle(
                plate=p,
                vehicle_type=kind,
                owner=entity,
                brand=rng.choice(("Hino", "Isuzu", "Hyundai", "Howo", "Freightliner")),
                manufacturing_year=rng.randrange(2012, today.year),
                inspection_expiry=expiry,
                insurance_expiry=expiry,
                operation_permit_expiry=expiry,
            )
            for p in plates
            if p not in existing
        )
        fleet[kind] = list(Vehicle.objects.filter(plate__in=plates).order_by("plate"))
    tractors, trailers = fleet[VehicleType.TRACTOR], fleet[VehicleType.TRAILER]
    emails = [f"{PREFIX}-driver-{n:04d}@unicon.local" for n in range(1, count["drivers"] + 1)]
    users = _ensure_users([_user(e, Role.DRIVER, _person(rng), password) for e in emails])
    with_profile = set(
        Driver.objects.filter(user__email__in=emails).values_list("user__email", flat=True)
    )
    Driver.objects.bulk_create(
        Driver(
            user=users[email],
            phone=f"09{n:08d}",
            licence_number=f"79{rng.randrange(10**9, 10**10)}",
            licence_class="FC",
            licence_expiry=expiry,
            employer=entity,
            default_tractor=tractors[n % len(tractors)],
            default_trailer=trailers[n % len(trailers)],
        )
        for n, email in enumerate(emails)
        if email not in with_profile
    )


def _driver_rows() -> list[tuple[int, int, int, int, str, str]]:
    drivers = (
        Driver.objects.filter(user__email__startswith=f"{PREFIX}-driver-")
        .select_related("default_tractor", "default_trailer")
        .order_by("user__email")
    )
    return [
        (
            d.pk,
            d.user_id,
            d.default_tractor_id,
            d.default_trailer_id,
            d.default_tractor.plate,
            d.default_trailer.plate,
        )
        for d in drivers
    ]


def _template_stops() -> dict[str, list]:
    templates = {
        t.code: list(t.stops.order_by("sequence"))
        for t in StopTemplate.objects.filter(code__in=("EXPORT", "IMPORT"))
    }
    for stops in templates.values():
        for stop in stops:
            stop.photos_json = json.dumps(stop.required_photos)
    return templates


def ensure_cast(rng: random.Random, sizes: dict[str, int], password: str, today) -> Cast:
    """Create (once) and load the generated customers, places, fleet and users."""
    hashed = make_password(password)
    customers = _ensure_customers(rng, sizes["customers"], hashed)
    _ensure_locations(rng, customers)
    _ensure_fleet(rng, sizes, hashed, today)
    staff = _ensure_users(
        [
            _user(f"{PREFIX}-ops@unicon.local", Role.OPS, "Điều hành (generated)", hashed),
            _user(f"{PREFIX}-dispatcher@unicon.local", Role.DISPATCHER, "Điều độ (gen)", hashed),
            _user(f"{PREFIX}-accounting@unicon.local", Role.ACCOUNTING, "Kế toán (gen)", hashed),
        ]
    )
    places = list(Location.objects.filter(name__startswith="[GEN]"))
    warehouses: dict[int, list[Location]] = {}
    for place in places:
        if place.customer_id:
            warehouses.setdefault(place.customer_id, []).append(place)
    owners = dict(
        User.objects.filter(customer__in=customers, role=Role.CUSTOMER_OWNER).values_list(
            "customer_id", "pk"
        )
    )
    drivers = _driver_rows()
    public_ids = Driver.objects.filter(pk__in=[d[0] for d in drivers]).values_list(
        "pk", "public_id"
    )
    return Cast(
        ops=staff[f"{PREFIX}-ops@unicon.local"].pk,
        dispatcher=staff[f"{PREFIX}-dispatcher@unicon.local"].pk,
        customers=[c.pk for c in customers],
        customer_users=owners,
        warehouses=warehouses,
        ports=[p for p in places if p.kind == LocationKind.PORT],
        depots=[p for p in places if p.kind == LocationKind.DEPOT],
        drivers=drivers,
        driver_public={pk: str(public) for pk, public in public_ids},
        templates=_template_stops(),
    )


# --------------------------------------------------------------------------- time plan


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
    counters after the last one. Id ranges leave room for the most rows a shipment can have
    (unused ids are gaps, which primary keys allow)."""
    per_shipment = {
        Shipment._meta.label: 1,
        Stop._meta.label: max_stops,
        DriverTask._meta.label: 1,
        ShipmentEvent._meta.label: MAX_EVENTS_BESIDES_STOPS + 2 * max_stops,
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
            counters[f"SHP-{day_.year}"] = counters.get(f"SHP-{day_.year}", 0) + count_
        days, total = [], 0
    return chunks, counters


# --------------------------------------------------------------------------- one shipment


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
        name = f"SHP-{start.year}"
        self.counters[name] = self.counters.get(name, 0) + 1
        return f"{name}-{self.counters[name]:04d}"

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


class History:
    """Appends a shipment's events in time order and stamps what each move changes."""

    def __init__(self, factory: ShipmentFactory, shipment: dict, events: list[dict]):
        self.factory, self.shipment, self.events = factory, shipment, events
        self.creator = shipment["created_by_id"]

    def _event(self, at: dt.datetime, kind: str, actor: int | None, **values) -> None:
        self.events.append(
            {
                "id": self.factory.ids[ShipmentEvent](),
                "public_id": new_public_id(),
                "shipment_id": self.shipment["id"],
                "kind": kind,
                "actor_id": actor,
                "created_at": at,
                "data": values.pop("data", "{}"),  # JSON text
                **values,
            }
        )
        self.shipment["updated_at"] = max(self.shipment["updated_at"], at)

    def _move(self, at: dt.datetime, target: str, actor: int | None, note: str = "") -> None:
        current = self.shipment["operation_status"]
        self._event(
            at, EventKind.OPERATION_STATUS, actor, from_status=current, to_status=target, note=note
        )
        self.shipment["version"] += 1
        self.shipment["operation_status"] = target

    def created(self) -> None:
        at = self.shipment["created_at"]
        self._event(
            at,
            EventKind.OPERATION_STATUS,
            self.creator,
            to_status=S.DRAFT,
            note="Shipment created.",
        )
        self.shipment["operation_status"] = S.DRAFT

    def waiting(self, status: str) -> None:
        if status == S.PENDING:
            self._move(
                self.shipment["created_at"] + dt.timedelta(minutes=10), S.PENDING, self.creator
            )

    def cancelled(self) -> None:
        at = self.shipment["created_at"]
        self._move(at + dt.timedelta(minutes=10), S.PENDING, self.creator)
        reason = "Khách hàng huỷ đơn."
        self._move(at + dt.timedelta(minutes=40), S.CANCELLED, self.factory.cast.ops, reason)
        self.shipment["cancelled_reason"] = reason

    def dispatched(self, task: dict, driver: tuple) -> None:
        at = task["created_at"]
        self._move(self.shipment["created_at"] + dt.timedelta(minutes=10), S.PENDING, self.creator)
        _, _, _, _, tractor, trailer = driver
        note = f"Assigned {tractor} / {trailer}."
        data = {
            "task": str(task["public_id"]),
            "driver": str(self.factory.driver_public[task["driver_id"]]),
            "tractor": tractor,
            "trailer": trailer,
            "previousTask": None,
        }
        dispatcher = task["assigned_by_id"]
        self._event(at, EventKind.ASSIGNMENT, dispatcher, note=note, data=json.dumps(data))
        self._move(at, S.DISPATCHED, dispatcher, note)

    def driven(self, stops: list[dict], task: dict) -> None:
        """Check-ins and check-outs up to now; the first one starts the trip, the last delivers."""
        now, rng = self.factory.now, self.factory.rng
        actor = self.factory.driver_users[task["driver_id"]]
        delay = dt.timedelta(minutes=rng.randrange(-10, 30))
        for n, stop in enumerate(stops):
            arrival = stop["planned_arrival"] + delay
            if arrival > now:
                return
            if n == 0:
                self._start(arrival, task, actor)
            self._check(stop, EventKind.CHECK_IN, arrival, actor, task)
            departure = stop["planned_departure"] + delay
            if departure > now:
                return
            self._check(stop, EventKind.CHECK_OUT, departure, actor, task)
        self._deliver(stops[-1]["actual_departure"], task, actor)

    def _start(self, at: dt.datetime, task: dict, actor: int) -> None:
        self._move(at, S.IN_TRANSIT, actor, "Trip started.")
        self.shipment["actual_start"] = at
        task.update(status=TaskStatus.IN_PROGRESS, started_at=at, updated_at=at)

    def _check(self, stop: dict, kind: str, at: dt.datetime, actor: int, task: dict) -> None:
        place = stop["_place"]
        if kind == EventKind.CHECK_IN:
            stop.update(actual_arrival=at, arrival_latitude=place.latitude)
            stop["arrival_longitude"] = place.longitude
            note = f"Arrived at {place.name}."
        else:
            stop.update(actual_departure=at, departure_latitude=place.latitude)
            stop["departure_longitude"] = place.longitude
            note = f"Left {place.name}."
        stop["updated_at"] = at
        data = (
            f'{{"stop": "{stop["public_id"]}", "sequence": {stop["sequence"]}, '
            f'"task": "{task["public_id"]}"}}'
        )
        self._event(
            at,
            kind,
            actor,
            note=note,
            data=data,
            stop_id=stop["id"],
            latitude=place.latitude,
            longitude=place.longitude,
        )

    def _deliver(self, at: dt.datetime, task: dict, actor: int) -> None:
        self._move(at, S.DELIVERED, actor, "Last stop done.")
        self.shipment["actual_end"] = at
        task.update(status=TaskStatus.COMPLETED, completed_at=at, closed_at=at, updated_at=at)
        for after, target in ((3, DocumentStatus.DOC_RECEIVED), (20, DocumentStatus.DOC_RETURNED)):
            moment = at + dt.timedelta(days=after)
            if moment > self.factory.now:
                return
            current = self.shipment.get("document_status", DocumentStatus.DOC_PENDING)
            self._event(
                moment,
                EventKind.DOCUMENT_STATUS,
                self.factory.cast.ops,
                from_status=current,
                to_status=target,
            )
            self.shipment["document_status"] = target


# --------------------------------------------------------------------------- writing


class TableWriter:
    """Turns row dicts into one model's table rows (missing attributes take the field
    default); `CopyWriter` and `InsertWriter` send them."""

    def __init__(self, model: type[models.Model]):
        fields = model._meta.concrete_fields
        self.fields = fields
        self.defaults = {f.attname: self._default(f) for f in fields}
        self.pick = operator.itemgetter(*self.defaults)
        quote = connection.ops.quote_name
        self.table = quote(model._meta.db_table)
        self.columns = ", ".join(quote(f.column) for f in fields)

    @staticmethod
    def _default(f: models.Field):
        value = f.get_default()
        return json.dumps(value) if isinstance(f, models.JSONField) else value

    def values(self, row: dict) -> tuple:
        return self.pick({**self.defaults, **row})


class CopyWriter(TableWriter):
    """PostgreSQL: rows become COPY CSV where they are generated (`encode`, the C csv writer,
    in a worker process); `send` streams it over the raw connection. Every value is quoted, so
    "" is an empty string; nullable columns read "" as NULL (FORCE_NULL)."""

    def __init__(self, model: type[models.Model]):
        super().__init__(model)
        nullable = [connection.ops.quote_name(f.column) for f in self.fields if f.null]
        force_null = f", FORCE_NULL ({', '.join(nullable)})" if nullable else ""
        self.statement = f"COPY {self.table} ({self.columns}) FROM STDIN (FORMAT csv{force_null})"

    def encode(self, rows: Sequence[dict]) -> bytes:
        buffer = io.StringIO()
        csv.writer(buffer, quoting=csv.QUOTE_ALL).writerows(map(self.values, rows))
        return buffer.getvalue().encode()

    def send(self, raw_connection, payload: bytes) -> None:
        if not payload:
            return
        cursor = raw_connection.cursor()
        with cursor, cursor.copy(self.statement) as copy:
            copy.write(payload)


class InsertWriter(TableWriter):
    """Other databases (SQLite): executemany with Django's own value preparation."""

    def __init__(self, model: type[models.Model]):
        super().__init__(model)
        self.prepare = [
            (lambda v: v) if isinstance(f, models.JSONField) else _prepare_for(f)
            for f in self.fields
        ]  # JSON columns come as text already

    def encode(self, rows: Sequence[dict]) -> list[tuple]:
        return [
            tuple(p(v) for p, v in zip(self.prepare, self.values(row), strict=True)) for row in rows
        ]

    def send(self, raw_connection, payload: list[tuple]) -> None:
        if not payload:
            return
        marks = ", ".join(["%s"] * len(self.fields))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.table} ({self.columns}) VALUES ({marks})",  # noqa: S608
                payload,
            )


def _prepare_for(f: models.Field) -> Callable:
    return lambda value: f.get_db_prep_save(value, connection)


_DROPPABLE_CONSTRAINTS = """
    SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
    FROM pg_constraint c
    WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype IN ('u', 'f')
    ORDER BY c.contype DESC, c.conname
"""
_DROPPABLE_INDEXES = """
    SELECT i.relname, pg_get_indexdef(i.oid)
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
    WHERE x.indrelid = ANY(%s::regclass[]) AND NOT x.indisprimary
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                      WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid)
    ORDER BY i.relname
"""


class PostgresBulkLoad:
    """Drops the secondary indexes and the unique/foreign-key constraints of the big tables for
    the load and rebuilds them afterwards, in the caller's transaction (so a failure restores
    them too). Rebuilding validates every row: a bad row fails the whole load."""

    def __init__(self, tables: list[str]):
        self.tables = tables
        self.constraints: list[tuple[str, str, str]] = []
        self.indexes: list[tuple[str, str]] = []

    def __enter__(self) -> PostgresBulkLoad:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            # deferred checks of the master data just written must run before ALTER TABLE
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cursor.execute(_DROPPABLE_CONSTRAINTS, [self.tables])
            self.constraints = cursor.fetchall()
            cursor.execute(_DROPPABLE_INDEXES, [self.tables])
            self.indexes = cursor.fetchall()
            for table, name, _ in self.constraints:  # foreign keys first (contype DESC)
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
            for name, _ in self.indexes:
                cursor.execute(f"DROP INDEX {quote(name)}")
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            return  # the transaction rolls back, the drops with it
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for _, definition in self.indexes:
                cursor.execute(definition)
            for table, name, definition in reversed(self.constraints):  # unique first
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")


def bulk_load(models_: Sequence[type[models.Model]]):
    if connection.vendor == "postgresql":
        return PostgresBulkLoad([m._meta.db_table for m in models_])
    return contextlib.nullcontext()


# --------------------------------------------------------------------------- the whole run

DEFAULT_SIZES = {"customers": 100, "tractors": 300, "trailers": 400, "drivers": 300}


def _locked_counters() -> dict[str, int]:
    return dict(
        NumberSequence.objects.select_for_update()
        .filter(name__startswith="SHP-")
        .values_list("name", "last_value")
    )


def _save_counters(counters: dict[str, int]) -> None:
    for name, last in counters.items():
        NumberSequence.objects.update_or_create(name=name, defaults={"last_value": last})


def _reset_sequences() -> None:
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(BIG_MODELS)):
            cursor.execute(statement)


def _analyze() -> None:
    """Fresh planner statistics for every table — the small master-data tables too: with a
    stale row count of `customers_customer` the planner picks nested loops that cost 100 ms
    instead of 0.3 — and, on PostgreSQL, the visibility map that index-only scans need.
    Skipped inside an outer transaction, where VACUUM cannot run."""
    if connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in BIG_MODELS:
                cursor.execute(f"VACUUM {connection.ops.quote_name(model._meta.db_table)}")
        cursor.execute("ANALYZE")


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit=" shipments", unit_scale=True, disable=not enabled, smoothing=0.1)


_worker: dict = {}


def _table_writers() -> list[TableWriter]:
    """One writer per big table, in `BIG_MODELS` order, for this database."""
    writer = CopyWriter if connection.vendor == "postgresql" else InsertWriter
    return [writer(model) for model in BIG_MODELS]


def init_worker(cast: Cast, now: dt.datetime, seed: int) -> None:
    """What every chunk needs, once per worker process (see `datagen_worker`)."""
    _worker.update(cast=cast, now=now, seed=seed, writers=_table_writers())


def build_chunk(chunk: Chunk) -> tuple[list, tuple[int, int, int, int]]:
    """Generate one chunk: each big table's encoded rows, and the row counts."""
    rng = random.Random(f"{_worker['seed']}-{chunk.index}")  # noqa: S311 - sample data
    factory = ShipmentFactory(_worker["cast"], rng, _worker["now"], chunk)
    rows = Rows()
    for day, count in chunk.days:
        for index in range(count):
            factory.build(day, index, rows)
    payloads = [w.encode(r) for w, (_, r) in zip(_worker["writers"], rows.by_model(), strict=True)]
    return payloads, rows.counts()


def _built_chunks(chunks: list[Chunk], cast: Cast, now, seed: int, workers: int) -> Iterator:
    """Chunks generated in order: by a pool of spawned processes (PostgreSQL, workers > 1) or
    in this process."""
    if workers <= 1 or connection.vendor != "postgresql":
        init_worker(cast, now, seed)
        yield from map(build_chunk, chunks)
        return
    from unicon.runbook import datagen_worker

    context = multiprocessing.get_context("spawn")  # never fork an open database connection
    state = pickle.dumps((cast, now, seed))
    with context.Pool(workers, initializer=datagen_worker.start, initargs=(state,)) as pool:
        yield from pool.imap(datagen_worker.run, chunks)


def _first_ids() -> dict[str, int]:
    return {
        m._meta.label: (m._base_manager.aggregate(last=models.Max("pk"))["last"] or 0) + 1
        for m in BIG_MODELS
    }


def generate(
    shipments: int,
    *,
    years: int = 5,
    seed: int = 1,
    password: str,
    sizes: dict[str, int] | None = None,
    chunk_size: int = 5000,
    workers: int = 2,
    progress: bool = True,
) -> Summary:
    """Add `shipments` generated shipments (and, once, the master data they use), in one
    transaction. Returns what was written."""
    started = time.monotonic()
    rng = random.Random(seed)  # noqa: S311 - repeatable sample data, not secrets
    sizes = {**DEFAULT_SIZES, **(sizes or {})}
    now = timezone.now()
    summary = Summary()
    writers = _table_writers()
    with transaction.atomic():
        cast = ensure_cast(rng, sizes, password, timezone.localdate(now))
        plan = day_counts(shipments, years, len(cast.drivers), timezone.localdate(now))
        max_stops = max(len(stops) for stops in cast.templates.values())
        first_ids = _first_ids()
        chunks, counters = plan_chunks(plan, chunk_size, first_ids, _locked_counters(), max_stops)
        connection.ensure_connection()
        with bulk_load(BIG_MODELS), _progress(shipments, progress) as bar:
            for payloads, counts in _built_chunks(chunks, cast, now, seed, workers):
                for table_writer, payload in zip(writers, payloads, strict=True):
                    table_writer.send(connection.connection, payload)
                summary.add(counts)
                bar.update(counts[0])
        _save_counters(counters)
        _reset_sequences()
        summary.billing = billing_datagen.generate(first_ids[Shipment._meta.label], seed=seed)
        summary.first_day, summary.last_day = plan[0][0], plan[-1][0]
        summary.seconds = round(time.monotonic() - started, 1)
        audit.log("data.generate", extra=summary.as_dict())
    _analyze()
    return summary
