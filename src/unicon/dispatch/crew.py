"""The crew pickers: every driver, tractor and trailer with why it cannot take a trip.

One read for the API (`GET /api/dispatch/crew`) and the pages (assign, quick dispatch, hand
over). The reasons are `dispatch.policies.Reason`s — the same sentences the dispatch service
refuses with — computed over the trip's window: a shipment's planned window (a running
shipment: from now to its planned end, as a hand-over checks), or a whole business day. The
shipment's own active task does not count, so its current crew is not "busy" when it is
re-assigned. Constant query count: bookings, drivers, vehicles (+ the shipment).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from unicon.core.permissions import ensure_role
from unicon.dispatch import policies
from unicon.dispatch.models import DriverTask
from unicon.dispatch.policies import READ_ROLES
from unicon.dispatch.services import business_day, shipment_services, trip_dates
from unicon.fleet import services as fleet_services
from unicon.fleet.models import Driver, DriverStatus, Vehicle, VehicleType
from unicon.shipments.models import OperationStatus


@dataclass
class Option:
    """One entry of a picker: the driver or vehicle, why it cannot take the trip (empty:
    available) and its papers expiring soon (`fleet.services.PaperWarning`)."""

    obj: Driver | Vehicle
    reasons: list[policies.Reason] = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def available(self) -> bool:
        return not self.reasons

    @property
    def why(self) -> str:
        """The short reasons in one line (the picker's option text)."""
        return "; ".join(r.short or r.message for r in self.reasons)

    @property
    def warning_labels(self) -> list[tuple[str, dt.date]]:
        """(the paper's name in the reader's language, its expiry date) per warning."""
        return [
            (policies.PAPER_NAMES.get(w.document, w.document), w.expires_on) for w in self.warnings
        ]


@dataclass
class Crew:
    start: dt.datetime
    end: dt.datetime
    drivers: list[Option]
    tractors: list[Option]
    trailers: list[Option]


def window_of(shipment) -> tuple[dt.datetime, dt.datetime]:
    """The window a crew is checked over: a running shipment's rest (now → planned end, as a
    hand-over), else its planned window."""
    if shipment.operation_status == OperationStatus.IN_TRANSIT:
        now = timezone.now()
        return now, max(now, shipment.planned_end)
    return shipment.planned_start, shipment.planned_end


def bookings(start: dt.datetime, end: dt.datetime, *, exclude_shipment=None) -> dict:
    """{("driver" | "vehicle", pk): the first active task holding it during [start, end)} in
    one query; the tasks of `exclude_shipment` do not count."""
    tasks = (
        DriverTask.objects.active()
        .overlapping(start, end)
        .select_related("shipment")
        .order_by("planned_start", "id")
    )
    if exclude_shipment is not None:
        tasks = tasks.exclude(shipment=exclude_shipment)
    held: dict = {}
    for task in tasks:
        held.setdefault(("driver", task.driver_id), task)
        held.setdefault(("vehicle", task.tractor_id), task)
        if task.trailer_id is not None:
            held.setdefault(("vehicle", task.trailer_id), task)
    return held


def _warnings(obj, first: dt.date) -> list:
    return [
        w
        for w in fleet_services.expiry_warnings(obj, first)
        if w.state == fleet_services.PaperState.EXPIRING_SOON
    ]


def _ordered(options: list[Option], key) -> list[Option]:
    """Available first, each part in `key` order."""
    return sorted(options, key=lambda o: (not o.available, key(o.obj)))


def crew_options(user, *, shipment_id=None, day: dt.date | None = None, shipment=None) -> Crew:
    """Every driver (but INACTIVE ones) and every vehicle, each with its reasons for the trip
    of `shipment_id` (or an already visible `shipment`) or, without one, for the whole
    business `day` (default today). Available ones first. DISPATCHER, OPS, ADMIN."""
    ensure_role(user, READ_ROLES)
    if shipment is None and shipment_id is not None:
        shipment = shipment_services().get_visible_shipment(user, shipment_id)
    if shipment is not None:
        start, end = window_of(shipment)
    else:
        start, end = business_day(day or timezone.localdate())
    first, last = trip_dates(start, end)
    held = bookings(start, end, exclude_shipment=shipment)
    drivers = [
        Option(
            d,
            policies.driver_reasons(d, first, last, held.get(("driver", d.pk))),
            _warnings(d, first),
        )
        for d in Driver.objects.exclude(status=DriverStatus.INACTIVE).select_related(
            "user", "default_tractor", "default_trailer"
        )
    ]
    by_type: dict[str, list[Option]] = {VehicleType.TRACTOR: [], VehicleType.TRAILER: []}
    for v in Vehicle.objects.order_by("plate"):
        reasons = policies.vehicle_reasons(
            v, v.vehicle_type, first, last, held.get(("vehicle", v.pk))
        )
        by_type[v.vehicle_type].append(Option(v, reasons, _warnings(v, first)))
    return Crew(
        start=start,
        end=end,
        drivers=_ordered(drivers, lambda d: (d.user.full_name, d.pk)),
        tractors=_ordered(by_type[VehicleType.TRACTOR], lambda v: v.plate),
        trailers=_ordered(by_type[VehicleType.TRAILER], lambda v: v.plate),
    )
