"""What the driver's phone page shows for one day (issue 13 point 3): the trips still to
drive first (running, then waiting), the finished ones below; per stop the planned times, the
customer's instructions and contact, the photos required and what is still missing before
check-out. The page's own query — the driver tasks API (`trips.driver_tasks`) keeps its shape.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from unicon.core.errors import Forbidden, NotFound, ValidationFailed
from unicon.core.permissions import ensure_role
from unicon.core.roles import Role
from unicon.dispatch import policies
from unicon.dispatch.models import DriverTask, TaskStatus
from unicon.dispatch.services import business_day
from unicon.fleet.models import Driver
from unicon.pods.models import PodFile
from unicon.shipments.models import PhotoType, Stop

#: Days the picker offers: today and the next six.
PICKER_DAYS = 7
#: Task statuses listed under "finished" (below the trips still to drive).
FINISHED = (TaskStatus.COMPLETED, TaskStatus.HANDED_OVER, TaskStatus.SKIPPED)


@dataclass
class StopRow:
    stop: Stop
    photos: list[dict] = field(default_factory=list)  # {type, label, done}
    missing: list[str] = field(default_factory=list)  # labels of required photos not yet taken
    can_check_in: bool = False
    can_check_out: bool = False
    is_current: bool = False  # checked in, not yet out: the stop the driver is at


@dataclass
class TripRow:
    task: DriverTask
    stops: list[StopRow]

    @property
    def current(self) -> StopRow | None:
        return next((row for row in self.stops if row.is_current), None)

    @property
    def next_stop(self) -> StopRow | None:
        return next((row for row in self.stops if row.stop.actual_departure is None), None)


@dataclass
class DriverDay:
    day: dt.date
    upcoming: list[TripRow]
    finished: list[TripRow]
    picker: list[tuple[dt.date, str]]  # (day, "today" | "tomorrow" | "")


def picker_days(today: dt.date | None = None) -> list[tuple[dt.date, str]]:
    """Today, tomorrow and the next days, each with its kind for the page's label."""
    today = today or timezone.localdate()
    kinds = {0: "today", 1: "tomorrow"}
    return [(today + dt.timedelta(days=n), kinds.get(n, "")) for n in range(PICKER_DAYS)]


def _driver(user, driver_id) -> Driver:
    ensure_role(user, policies.DRIVER_ROLES)
    if user.role == Role.ADMIN:
        if driver_id is None:
            raise ValidationFailed(
                _("Choose a driver to see their trips."), {"driver": [_("Required.")]}
            )
        found = Driver.objects.filter(public_id=driver_id).first()
        if found is None:
            raise NotFound(_("Driver not found."))
        return found
    found = Driver.objects.filter(user=user).first()
    if found is None:
        raise Forbidden(_("Your account has no driver profile."))
    return found


def _missing_by_stop(stops: list[Stop]) -> dict[int, set[str]]:
    """{stop pk: photo types present} for every stop that requires photos — one query."""
    wanted = [s.pk for s in stops if s.required_photos]
    present: dict[int, set[str]] = {}
    if wanted:
        rows = PodFile.objects.filter(stop_id__in=wanted).values_list("stop_id", "photo_type")
        for stop_id, kind in rows:
            present.setdefault(stop_id, set()).add(kind)
    return present


def _label(kind: str) -> str:
    return str(PhotoType(kind).label) if kind in PhotoType.values else kind


def _trip(task: DriverTask, present: dict[int, set[str]]) -> TripRow:
    stops = list(task.shipment.stops.all())
    rows = []
    for stop in stops:
        have = present.get(stop.pk, set())
        required = list(stop.required_photos or [])
        rows.append(
            StopRow(
                stop=stop,
                photos=[
                    {"type": kind, "label": _label(kind), "done": kind in have}
                    for kind in required
                    if kind in PhotoType.values
                ],
                missing=[_label(kind) for kind in required if kind not in have],
                can_check_in=bool(policies.may_check_in(stop, stops)),
                can_check_out=bool(policies.may_check_out(stop)),
                is_current=stop.actual_arrival is not None and stop.actual_departure is None,
            )
        )
    return TripRow(task=task, stops=rows)


def driver_day(user, day: dt.date, driver_id=None) -> DriverDay:
    """The driver's trips of `day` (ADMIN: `driver_id`'s), split into still to drive
    (running first, then by the driver's order) and finished (cancelled ones are left out).
    A trip still running is listed whatever its planned day. Queries: driver, tasks, stops,
    photos — four whatever the number of trips."""
    driver = _driver(user, driver_id)
    start, end = business_day(day)
    tasks = list(
        DriverTask.objects.filter(driver=driver)
        .exclude(status=TaskStatus.CANCELLED)
        .overlapping(start, end)
        .select_related("shipment__customer", "tractor", "trailer")
        .prefetch_related(Prefetch("shipment__stops", queryset=Stop.objects.order_by("sequence")))
        .order_by("sequence", "planned_start", "id")
    )
    present = _missing_by_stop([s for t in tasks for s in t.shipment.stops.all()])
    trips = [_trip(task, present) for task in tasks]
    upcoming = [t for t in trips if t.task.status not in FINISHED]
    upcoming.sort(key=lambda t: t.task.status != TaskStatus.IN_PROGRESS)  # stable: order kept
    finished = [t for t in trips if t.task.status in FINISHED]
    return DriverDay(day=day, upcoming=upcoming, finished=finished, picker=picker_days())
