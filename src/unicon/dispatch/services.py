"""Dispatch rules: assigning shipments to a driver + tractor (+ trailer), and the driver's trip.

Every rule of DOMAIN.md Part A §3 and §4 lives here, each public function in one transaction.
Status changes of the shipment go through `unicon.shipments.services.record_status` (which
owns the legal-move table and writes the event); other facts (assignment, check-in/out) are
appended with `append_event`.

Decisions:
- A vehicle of the wrong type (a trailer given as tractor, or the reverse) is a 409 CONFLICT,
  like every other refusal of Part A §3.
- Paper rules come from `fleet.services.paper_problems`: a missing expiry date does not
  block; an expiry date before the trip's last day (business time zone) does. Papers are
  valid through their expiry date.
- Re-assigning an already DISPATCHED shipment requires the version the client last saw
  (`version` field or `If-Match` header). Without it the second of two dispatchers racing on
  the same shipment would silently replace the first one's choice; with it, it gets a 409.
- "Free that day" (availability) means: no active task whose planned window meets the day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unicon.core import audit
from unicon.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from unicon.core.ids import parse_uuid
from unicon.core.pagination import Page, keyset_page
from unicon.core.permissions import ensure_role
from unicon.core.roles import Role
from unicon.dispatch import policies
from unicon.dispatch.models import ACTIVE_STATUSES, DriverTask, TaskStatus
from unicon.dispatch.policies import DISPATCH_ROLES, DRIVER_ROLES, READ_ROLES
from unicon.dispatch.signals import stop_check_out_requested
from unicon.fleet import services as fleet_services
from unicon.fleet.models import Driver, DriverStatus, Vehicle, VehicleStatus, VehicleType
from unicon.fleet.services import Paper
from unicon.shipments.models import EventKind, OperationStatus, Shipment, Stop

# --------------------------------------------------------------------------- helpers


def _shipment_services():
    from unicon.shipments import services

    return services


def business_day(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a calendar day in the business time zone, as aware datetimes."""
    tz = timezone.get_default_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def trip_dates(start: dt.datetime, end: dt.datetime) -> tuple[dt.date, dt.date]:
    """First and last calendar day (business time zone) that a planned window touches."""
    first = timezone.localdate(start)
    # a window ending exactly at midnight does not use the next day
    last = timezone.localdate(end - dt.timedelta(microseconds=1)) if end > start else first
    return first, max(first, last)


def parse_day(value: str | None) -> dt.date:
    if not value:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationFailed(
            _("Invalid date, expected YYYY-MM-DD."), {"date": [_("Invalid date.")]}
        ) from exc


def version_from(if_match: str | None, version: int | None) -> int | None:
    if version is not None:
        return version
    if not if_match:
        return None
    raw = if_match.strip().removeprefix("W/").strip('"')
    try:
        return int(raw)
    except ValueError as exc:
        raise ValidationFailed(
            _("If-Match must be the shipment version."), {"If-Match": [_("Not a version.")]}
        ) from exc


def _check_version(shipment: Shipment, version: int | None) -> None:
    if version is not None and version != shipment.version:
        raise Conflict(
            _(
                "Shipment %(number)s was changed by someone else (version %(current)s, "
                "you sent %(sent)s). Reload it and try again."
            )
            % {"number": shipment.number, "current": shipment.version, "sent": version},
            {"currentVersion": shipment.version},
        )


def _bump_version(shipment: Shipment, before: int) -> None:
    """Make sure the shipment's version moved past `before` (record_status may already do it)."""
    shipment.refresh_from_db(fields=["version", "operation_status"])
    if shipment.version == before:
        Shipment.objects.filter(pk=shipment.pk).update(version=before + 1)
        shipment.version = before + 1


def _lock_shipment(user, public_id) -> Shipment:
    """The shipment visible to `user`, row-locked for the rest of the transaction (404 else)."""
    visible = _shipment_services().get_visible_shipment(user, public_id)
    return Shipment.objects.select_for_update().get(pk=visible.pk)


def _driver_name(driver: Driver) -> str:
    return driver.user.full_name


def _fmt_window(task: DriverTask) -> str:
    start = timezone.localtime(task.planned_start)
    end = timezone.localtime(task.planned_end)
    return f"{start:%Y-%m-%d %H:%M} – {end:%Y-%m-%d %H:%M}"


# --------------------------------------------------------------------------- paper checks


# (fleet's `Paper` labels are translated once at import time, so name the papers here)
PAPER_NAMES = {
    Paper.INSPECTION: gettext_lazy("inspection"),
    Paper.INSURANCE: gettext_lazy("insurance"),
    Paper.OPERATION_PERMIT: gettext_lazy("operation permit"),
    Paper.LICENCE: gettext_lazy("driving licence"),
}


def paper_problems(obj: Driver | Vehicle, first: dt.date, last: dt.date) -> list[str]:
    """A message per paper of `obj` not valid on every day first..last (rule: fleet app)."""
    if isinstance(obj, Driver):
        who = _("Driver %(name)s") % {"name": _driver_name(obj)}
    else:
        who = _("Vehicle %(plate)s") % {"plate": str(obj)}
    return [
        _("%(who)s: %(paper)s expired on %(date)s (trip %(first)s – %(last)s).")
        % {
            "who": who,
            "paper": PAPER_NAMES.get(problem.document, problem.document),
            "date": problem.expires_on.isoformat(),
            "first": first.isoformat(),
            "last": last.isoformat(),
        }
        for problem in fleet_services.paper_problems(obj, first, last)
    ]


# --------------------------------------------------------------------------- assignment


@dataclass
class Resources:
    driver: Driver
    tractor: Vehicle
    trailer: Vehicle | None


def _resolve(driver_id, tractor_id, trailer_id) -> Resources:
    """Load and row-lock driver and vehicles (fixed order, so concurrent assigns serialise)."""
    driver = (
        Driver.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(public_id=driver_id)
        .first()
    )
    if driver is None:
        raise ValidationFailed(_("Unknown driver."), {"driverId": [_("Unknown driver.")]})
    ids = [v for v in (tractor_id, trailer_id) if v is not None]
    vehicles = {
        v.public_id: v
        for v in Vehicle.objects.select_for_update().filter(public_id__in=ids).order_by("pk")
    }
    tractor = vehicles.get(tractor_id)
    if tractor is None:
        raise ValidationFailed(_("Unknown tractor."), {"tractorId": [_("Unknown vehicle.")]})
    trailer = None
    if trailer_id is not None:
        trailer = vehicles.get(trailer_id)
        if trailer is None:
            raise ValidationFailed(_("Unknown trailer."), {"trailerId": [_("Unknown vehicle.")]})
    return Resources(driver, tractor, trailer)


def _booking_problem(task: DriverTask, what: str) -> str:
    return _("%(what)s is already booked on shipment %(number)s (%(window)s, task %(status)s).") % {
        "what": what,
        "number": task.shipment.number,
        "window": _fmt_window(task),
        "status": task.status,
    }


def assignment_problems(
    shipment: Shipment, res: Resources, *, start: dt.datetime, end: dt.datetime
) -> list[str]:
    """Every reason the assignment is refused, each a full sentence naming the blocker."""
    problems: list[str] = []
    driver, tractor, trailer = res.driver, res.tractor, res.trailer
    driver_label = _("Driver %(name)s") % {"name": _driver_name(driver)}

    if driver.status != DriverStatus.ACTIVE:
        problems.append(
            _("%(who)s is %(status)s; only ACTIVE drivers can be assigned.")
            % {"who": driver_label, "status": driver.status}
        )
    if tractor.vehicle_type != VehicleType.TRACTOR:
        problems.append(
            _("Vehicle %(plate)s is a %(type)s, not a tractor.")
            % {"plate": str(tractor), "type": tractor.vehicle_type}
        )
    if trailer is not None and trailer.vehicle_type != VehicleType.TRAILER:
        problems.append(
            _("Vehicle %(plate)s is a %(type)s, not a trailer.")
            % {"plate": str(trailer), "type": trailer.vehicle_type}
        )
    for vehicle in filter(None, (tractor, trailer)):
        if vehicle.status != VehicleStatus.IN_USE:
            problems.append(
                _("Vehicle %(plate)s is %(status)s and cannot be assigned.")
                % {"plate": str(vehicle), "status": vehicle.status}
            )

    first, last = trip_dates(start, end)
    for obj in filter(None, (driver, tractor, trailer)):
        problems.extend(paper_problems(obj, first, last))

    others = (
        DriverTask.objects.active()
        .overlapping(start, end)
        .exclude(shipment=shipment)
        .select_related("shipment")
        .order_by("planned_start", "id")
    )
    if task := others.filter(driver=driver).first():
        problems.append(_booking_problem(task, driver_label))
    for vehicle in filter(None, (tractor, trailer)):
        label = _("Vehicle %(plate)s") % {"plate": str(vehicle)}
        if task := others.filter(Q(tractor=vehicle) | Q(trailer=vehicle)).first():
            problems.append(_booking_problem(task, label))
    return problems


def _refuse_if(problems: list[str]) -> None:
    if problems:
        raise Conflict(" ".join(problems), {"problems": problems})


def _next_sequence(driver: Driver) -> int:
    top = driver.tasks.active().aggregate(top=Max("sequence"))["top"]
    return (top or 0) + 1


def _close(task: DriverTask, reason: str) -> None:
    task.status = TaskStatus.CANCELLED
    task.closed_at = timezone.now()
    task.close_reason = reason[:255]
    task.save()


def _describe(res: Resources) -> str:
    text = _("driver %(driver)s, tractor %(tractor)s") % {
        "driver": _driver_name(res.driver),
        "tractor": str(res.tractor),
    }
    if res.trailer is not None:
        text += _(", trailer %(trailer)s") % {"trailer": str(res.trailer)}
    return text


def _create_task(
    user, shipment: Shipment, res: Resources, *, instructions: str, sequence: int | None
) -> DriverTask:
    if sequence is not None and sequence < 1:
        raise ValidationFailed(_("Sequence must be 1 or more."), {"sequence": [_("Too small.")]})
    try:
        with transaction.atomic():
            return DriverTask.objects.create(
                shipment=shipment,
                driver=res.driver,
                tractor=res.tractor,
                trailer=res.trailer,
                sequence=sequence or _next_sequence(res.driver),
                planned_start=shipment.planned_start,
                planned_end=shipment.planned_end,
                instructions=instructions or "",
                assigned_by=user,
            )
    except IntegrityError as exc:  # the partial unique index: someone else was faster
        raise Conflict(
            _("Shipment %(number)s already has an active driver task.")
            % {"number": shipment.number}
        ) from exc


def _shipment_event(shipment, kind, *, actor, note="", data=None, position=None, stop=None):
    return _shipment_services().append_event(
        shipment, kind, actor=actor, note=note, data=data, position=position, stop=stop
    )


@transaction.atomic
def dispatch(
    user,
    shipment_id,
    *,
    driver_id,
    tractor_id,
    trailer_id=None,
    instructions: str = "",
    sequence: int | None = None,
    version: int | None = None,
) -> DriverTask:
    """Assign (PENDING → DISPATCHED) or re-assign (DISPATCHED) a shipment. See module doc."""
    ensure_role(user, DISPATCH_ROLES)
    shipment = _lock_shipment(user, shipment_id)
    _check_version(shipment, version)
    status = shipment.operation_status
    policies.dispatchable(shipment).enforce()
    current = shipment.tasks.active().select_related("driver__user", "tractor").first()
    if status == OperationStatus.DISPATCHED and version is None:
        who = _driver_name(current.driver) if current else "?"
        raise Conflict(
            _(
                "Shipment %(number)s is already dispatched to %(driver)s. To re-assign it, "
                "send the shipment version you saw (version %(version)s)."
            )
            % {"number": shipment.number, "driver": who, "version": shipment.version},
            {"currentVersion": shipment.version},
        )
    res = _resolve(driver_id, tractor_id, trailer_id)
    _refuse_if(
        assignment_problems(shipment, res, start=shipment.planned_start, end=shipment.planned_end)
    )
    before = shipment.version
    description = _describe(res)
    if current is not None:
        with audit.labelled("dispatch.reassign"):
            _close(
                current,
                _("Re-assigned to %(what)s by %(user)s")
                % {"what": description, "user": user.email},
            )
    with audit.labelled("dispatch.assign"):
        task = _create_task(user, shipment, res, instructions=instructions, sequence=sequence)
    data = {
        "task": str(task.public_id),
        "driver": str(res.driver.public_id),
        "tractor": res.tractor.plate,
        "trailer": res.trailer.plate if res.trailer else None,
        "previousTask": str(current.public_id) if current else None,
    }
    if status == OperationStatus.PENDING:
        _shipment_event(
            shipment,
            EventKind.ASSIGNMENT,
            actor=user,
            note=_("Assigned %(what)s.") % {"what": description},
            data=data,
        )
        _shipment_services().record_status(
            shipment,
            OperationStatus.DISPATCHED,
            actor=user,
            note=_("Assigned %(what)s.") % {"what": description},
        )
    else:
        _shipment_event(
            shipment,
            EventKind.ASSIGNMENT,
            actor=user,
            note=_("Re-assigned to %(what)s.") % {"what": description},
            data=data,
        )
    _bump_version(shipment, before)
    task.shipment = shipment
    return task


@transaction.atomic
def quick_dispatch(
    user,
    data: dict,
    *,
    driver_id,
    tractor_id,
    trailer_id=None,
    instructions: str = "",
) -> DriverTask:
    """Create a shipment with its stops and assign it, all or nothing ("Tạo & điều phối nhanh").

    `data` is what `shipments.services.create_shipment` takes; the new shipment goes
    DRAFT → PENDING → DISPATCHED, each move an event. Every assignment rule applies."""
    ensure_role(user, DISPATCH_ROLES)
    services = _shipment_services()
    shipment = services.create_shipment(user, data)
    if not shipment.stops.exists():
        raise ValidationFailed(_("A shipment needs at least one stop."), {"stops": ["required"]})
    services.record_status(shipment, OperationStatus.PENDING, actor=user, note=_("Quick dispatch."))
    return dispatch(
        user,
        shipment.public_id,
        driver_id=driver_id,
        tractor_id=tractor_id,
        trailer_id=trailer_id,
        instructions=instructions,
    )


@transaction.atomic
def unassign(user, shipment_id, *, version: int | None = None, reason: str = "") -> Shipment:
    """DISPATCHED → PENDING: the active (not yet started) task is closed as CANCELLED."""
    ensure_role(user, DISPATCH_ROLES)
    shipment = _lock_shipment(user, shipment_id)
    _check_version(shipment, version)
    if shipment.operation_status != OperationStatus.DISPATCHED:
        raise Conflict(
            _("Shipment %(number)s is %(status)s; only a DISPATCHED shipment can be unassigned.")
            % {"number": shipment.number, "status": shipment.operation_status},
            {"status": shipment.operation_status, "allowed": [OperationStatus.DISPATCHED]},
        )
    before = shipment.version
    note = _("Unassigned by %(user)s.") % {"user": user.email}
    if reason:
        note = f"{note} {reason}"
    current = shipment.tasks.active().select_for_update().first()
    if current is not None:
        with audit.labelled("dispatch.unassign"):
            _close(current, note)
    _shipment_event(
        shipment,
        EventKind.ASSIGNMENT,
        actor=user,
        note=note,
        data={"task": str(current.public_id) if current else None, "unassigned": True},
    )
    _shipment_services().record_status(shipment, OperationStatus.PENDING, actor=user, note=note)
    _bump_version(shipment, before)
    return shipment


def on_status_changed(sender, shipment, from_status, to_status, actor=None, **kwargs) -> None:
    """`shipments.services.status_changed` receiver: a cancelled shipment closes its task."""
    if to_status != OperationStatus.CANCELLED:
        return
    reason = _("Shipment cancelled.")
    if getattr(shipment, "cancelled_reason", ""):
        reason = f"{reason} {shipment.cancelled_reason}"
    for task in shipment.tasks.active().select_for_update():
        with audit.labelled("dispatch.cancel"):
            _close(task, reason)


def filter_by_vehicle(queryset, value):
    """`GET /api/shipments?vehicle=<id>`: shipments with a task (any status) on that vehicle."""
    value = parse_uuid(value, "vehicle")
    tasks = DriverTask.objects.filter(
        Q(tractor__public_id=value) | Q(trailer__public_id=value)
    ).values("shipment_id")
    return queryset.filter(pk__in=tasks)


def filter_by_driver(queryset, value):
    """`GET /api/shipments?driver=<id>`: shipments with a task (any status) of that driver."""
    value = parse_uuid(value, "driver")
    return queryset.filter(
        pk__in=DriverTask.objects.filter(driver__public_id=value).values("shipment_id")
    )


@transaction.atomic
def reorder(user, driver_id, task_ids: list) -> list[DriverTask]:
    """Set the running order of a driver's open tasks (`PUT /api/dispatch/drivers/{id}/order`).

    `task_ids` (public ids) must be exactly the driver's open (PENDING/IN_PROGRESS) tasks,
    else 400 with the expected ids in `details.expected`. Unknown driver → 404. Returns the
    tasks in the new order (sequence 1, 2, …).
    """
    ensure_role(user, DISPATCH_ROLES)
    tasks = _lock_open_tasks(driver_id)
    wanted = [parse_uuid(t, "taskIds") for t in task_ids]
    if len(set(wanted)) != len(wanted) or set(wanted) != set(tasks):
        raise ValidationFailed(
            _("taskIds must list each open task of this driver exactly once."),
            {
                "taskIds": [_("Must be exactly the driver's open tasks.")],
                "expected": sorted(str(k) for k in tasks),
            },
        )
    return _save_order(tasks, wanted)


@transaction.atomic
def move_task(user, driver_id, task_id, direction: str) -> list[DriverTask]:
    """Move one open task of a driver one place `up` or `down` in the running order
    (`POST /api/dispatch/drivers/{id}/order/move`); the order is first the current one
    (sequence, planned start). At the top/bottom nothing moves. An unknown direction or a
    task that is not one of the driver's open tasks → 400; unknown driver → 404."""
    ensure_role(user, DISPATCH_ROLES)
    if direction not in ("up", "down"):
        raise ValidationFailed(_("Move up or down."), {"direction": ["up", "down"]})
    tasks = _lock_open_tasks(driver_id)
    order = [
        t.public_id
        for t in sorted(tasks.values(), key=lambda t: (t.sequence, t.planned_start, t.id))
    ]
    moving = parse_uuid(task_id, "taskId")
    if moving not in tasks:
        raise ValidationFailed(
            _("This task is not one of the driver's open tasks."), {"taskId": ["unknown"]}
        )
    i = order.index(moving)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(order):
        order[i], order[j] = order[j], order[i]
    return _save_order(tasks, order)


def _lock_open_tasks(driver_id) -> dict:
    driver = Driver.objects.select_for_update().filter(public_id=parse_uuid(driver_id)).first()
    if driver is None:
        raise NotFound(_("Driver not found."))
    tasks = {
        t.public_id: t
        for t in driver.tasks.active().select_for_update().select_related("shipment", "tractor")
    }
    return tasks


def _save_order(tasks: dict, order: list) -> list[DriverTask]:
    with audit.labelled("dispatch.reorder"):
        for position, public_id in enumerate(order, start=1):
            task = tasks[public_id]
            if task.sequence != position:
                task.sequence = position
                task.save(update_fields=["sequence", "updated_at"])
    return [tasks[p] for p in order]


# --------------------------------------------------------------------------- views of the day


def _booked(day_start, day_end, **match) -> Exists:
    return Exists(DriverTask.objects.active().overlapping(day_start, day_end).filter(**match))


def availability(user, day: dt.date) -> dict:
    """Drivers and vehicles free for the whole day: not booked, usable, papers valid."""
    ensure_role(user, READ_ROLES)
    start, end = business_day(day)
    drivers = (
        Driver.objects.filter(status=DriverStatus.ACTIVE)
        .filter(fleet_services.papers_valid_q(Driver, day))
        .exclude(_booked(start, end, driver=OuterRef("pk")))
        .select_related("user", "default_tractor", "default_trailer")
        .order_by("user__full_name", "id")
    )
    vehicles = (
        Vehicle.objects.filter(status=VehicleStatus.IN_USE)
        .filter(fleet_services.papers_valid_q(Vehicle, day))
        .exclude(_booked(start, end, tractor=OuterRef("pk")))
        .exclude(_booked(start, end, trailer=OuterRef("pk")))
        .order_by("vehicle_type", "plate")
    )
    vehicles = list(vehicles)
    return {
        "date": day,
        "drivers": list(drivers),
        "tractors": [v for v in vehicles if v.vehicle_type == VehicleType.TRACTOR],
        "trailers": [v for v in vehicles if v.vehicle_type == VehicleType.TRAILER],
    }


def _task_related(queryset):
    return queryset.select_related("shipment__customer", "driver__user", "tractor", "trailer")


def board(user, day: dt.date) -> dict:
    """Every tractor with its tasks of the day (in order) + unassigned PENDING shipments."""
    ensure_role(user, READ_ROLES)
    start, end = business_day(day)
    day_tasks = (
        DriverTask.objects.exclude(status=TaskStatus.CANCELLED)
        .overlapping(start, end)
        .select_related("shipment__customer", "driver__user", "trailer")  # tractor: the parent
        .order_by("sequence", "planned_start", "id")
    )
    tractors = list(
        Vehicle.objects.filter(vehicle_type=VehicleType.TRACTOR)
        .prefetch_related(Prefetch("tractor_tasks", queryset=day_tasks, to_attr="day_tasks"))
        .order_by("plate")
    )
    unassigned = list(
        Shipment.objects.filter(
            operation_status=OperationStatus.PENDING,
            planned_start__lt=end,
            planned_end__gt=start,
        )
        .select_related("customer")
        .order_by("planned_start", "id")
    )
    return {"date": day, "tractors": tractors, "unassigned": unassigned}


def list_tasks(
    user,
    *,
    driver_id=None,
    vehicle_id=None,
    day: dt.date | None = None,
    status: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page:
    """Driver tasks, newest planned first, filtered by driver, vehicle (either role) and day."""
    ensure_role(user, READ_ROLES)
    qs = _task_related(DriverTask.objects.all())
    if driver_id is not None:
        qs = qs.filter(driver__public_id=driver_id)
    if vehicle_id is not None:
        qs = qs.filter(Q(tractor__public_id=vehicle_id) | Q(trailer__public_id=vehicle_id))
    if day is not None:
        qs = qs.overlapping(*business_day(day))
    if status:
        if status not in TaskStatus.values:
            raise ValidationFailed(
                _("Unknown task status."), {"status": [", ".join(TaskStatus.values)]}
            )
        qs = qs.filter(status=status)
    return keyset_page(qs, ["-planned_start", "-id"], limit, cursor)


# --------------------------------------------------------------------------- driver execution


def _own_driver(user) -> Driver | None:
    return Driver.objects.filter(user=user).first()


def driver_tasks(user, day: dt.date, driver_id=None) -> list[DriverTask]:
    """The driver's own tasks of the day, in running order, with stops (ADMIN: any driver).
    A trip still IN_PROGRESS is listed whatever its planned day."""
    ensure_role(user, DRIVER_ROLES)
    if driver_id is not None and user.role == Role.ADMIN:
        driver = Driver.objects.filter(public_id=driver_id).first()
    else:
        driver = _own_driver(user)
    if driver is None:
        if user.role == Role.ADMIN:
            raise ValidationFailed(
                _("Pass driverId to see a driver's tasks."), {"driverId": [_("Required.")]}
            )
        raise Forbidden(_("Your account has no driver profile."))
    start, end = business_day(day)
    return list(
        DriverTask.objects.filter(driver=driver)
        .exclude(status=TaskStatus.CANCELLED)
        .filter(Q(planned_start__lt=end, planned_end__gt=start) | Q(status=TaskStatus.IN_PROGRESS))
        .select_related("shipment__customer", "tractor", "trailer")  # the driver is known
        .prefetch_related(Prefetch("shipment__stops", queryset=Stop.objects.order_by("sequence")))
        .order_by("sequence", "planned_start", "id")
    )


def _lock_own_task(user, task_id) -> DriverTask:
    """The user's task (ADMIN: any), 404 otherwise. Locks in the order every dispatch service
    uses — shipment, then task, then driver — so concurrent calls cannot deadlock, and the
    driver row serialises "finish the current trip first"."""
    ensure_role(user, DRIVER_ROLES)
    found = DriverTask.objects.select_related("driver").filter(public_id=task_id).first()
    if found is None or (user.role != Role.ADMIN and found.driver.user_id != user.pk):
        raise NotFound(_("Task not found."))
    shipment = (
        Shipment.objects.select_for_update(of=("self",))
        .select_related("customer")
        .get(pk=found.shipment_id)
    )
    task = (
        DriverTask.objects.select_for_update(of=("self",))
        .select_related("driver__user", "tractor", "trailer")
        .get(pk=found.pk)
    )
    Driver.objects.select_for_update().filter(pk=task.driver_id).first()
    task.shipment = shipment
    return task


def _require_open(task: DriverTask) -> None:
    if task.status not in ACTIVE_STATUSES:
        raise Conflict(
            _("This task is %(status)s; it can no longer be worked on.") % {"status": task.status},
            {"status": task.status},
        )


def _position(latitude, longitude):
    if latitude is None and longitude is None:
        return None
    if latitude is None or longitude is None:
        raise ValidationFailed(
            _("Send both latitude and longitude, or neither."),
            {"latitude": [_("Both or none.")], "longitude": [_("Both or none.")]},
        )
    lat, lng = Decimal(str(latitude)), Decimal(str(longitude))
    errors = {}
    if not -90 <= lat <= 90:
        errors["latitude"] = [_("Must be between -90 and 90.")]
    if not -180 <= lng <= 180:
        errors["longitude"] = [_("Must be between -180 and 180.")]
    if errors:
        raise ValidationFailed(_("Invalid GPS position."), errors)
    return (lat.quantize(Decimal("0.000001")), lng.quantize(Decimal("0.000001")))


def _start(user, task: DriverTask, *, position=None) -> None:
    """PENDING → IN_PROGRESS; the shipment DISPATCHED → IN_TRANSIT."""
    running = (
        DriverTask.objects.filter(driver=task.driver, status=TaskStatus.IN_PROGRESS)
        .exclude(pk=task.pk)
        .select_related("shipment")
        .first()
    )
    if running is not None:
        raise Conflict(
            _("Finish the current trip first: shipment %(number)s is in progress.")
            % {"number": running.shipment.number},
            {"currentTask": str(running.public_id)},
        )
    shipment = task.shipment
    if shipment.operation_status != OperationStatus.DISPATCHED:
        raise Conflict(
            _("Shipment %(number)s is %(status)s; a trip can only start when it is DISPATCHED.")
            % {"number": shipment.number, "status": shipment.operation_status}
        )
    now = timezone.now()
    with audit.labelled("dispatch.start"):
        task.status = TaskStatus.IN_PROGRESS
        task.started_at = now
        task.save()
    _shipment_services().record_status(
        shipment,
        OperationStatus.IN_TRANSIT,
        actor=user,
        note=_("Trip started by %(driver)s.") % {"driver": _driver_name(task.driver)},
        position=position,
    )


@transaction.atomic
def start_task(user, task_id) -> DriverTask:
    task = _lock_own_task(user, task_id)
    if task.status == TaskStatus.IN_PROGRESS:
        raise Conflict(_("This trip has already started."), {"status": task.status})
    _require_open(task)
    _start(user, task)
    return task


def _lock_stop(task: DriverTask, stop_id) -> tuple[Stop, list[Stop]]:
    stops = list(
        Stop.objects.select_for_update().filter(shipment=task.shipment).order_by("sequence")
    )
    for stop in stops:
        if str(stop.public_id) == str(stop_id):
            return stop, stops
    raise NotFound(_("Stop not found on this task."))


@transaction.atomic
def check_in(user, task_id, stop_id, *, latitude=None, longitude=None, note="") -> DriverTask:
    """Arrive at a stop; stops strictly in order; the first check-in starts the trip."""
    position = _position(latitude, longitude)
    task = _lock_own_task(user, task_id)
    _require_open(task)
    stop, stops = _lock_stop(task, stop_id)
    policies.may_check_in(stop, stops).enforce()
    if task.status == TaskStatus.PENDING:
        _start(user, task, position=position)
    stop.actual_arrival = timezone.now()
    if position is not None:
        stop.arrival_latitude, stop.arrival_longitude = position
    with audit.labelled("stop.check_in"):
        stop.save()
    _shipment_event(
        task.shipment,
        EventKind.CHECK_IN,
        actor=user,
        note=note or (_("Arrived at %(name)s.") % {"name": stop.location_name}),
        data={"stop": str(stop.public_id), "sequence": stop.sequence, "task": str(task.public_id)},
        position=position,
        stop=stop,
    )
    return task


@transaction.atomic
def check_out(user, task_id, stop_id, *, latitude=None, longitude=None, note="") -> DriverTask:
    """Leave a stop (after the `stop_check_out_requested` hook agrees); the last one delivers."""
    position = _position(latitude, longitude)
    task = _lock_own_task(user, task_id)
    _require_open(task)
    stop, stops = _lock_stop(task, stop_id)
    policies.may_check_out(stop).enforce()
    stop_check_out_requested.send(sender=DriverTask, stop=stop, task=task, actor=user)
    now = timezone.now()
    stop.actual_departure = now
    if position is not None:
        stop.departure_latitude, stop.departure_longitude = position
    with audit.labelled("stop.check_out"):
        stop.save()
    _shipment_event(
        task.shipment,
        EventKind.CHECK_OUT,
        actor=user,
        note=note or (_("Left %(name)s.") % {"name": stop.location_name}),
        data={"stop": str(stop.public_id), "sequence": stop.sequence, "task": str(task.public_id)},
        position=position,
        stop=stop,
    )
    if all(s.actual_departure is not None for s in stops):
        with audit.labelled("dispatch.complete"):
            task.status = TaskStatus.COMPLETED
            task.completed_at = now
            task.save()
        _shipment_services().record_status(
            task.shipment,
            OperationStatus.DELIVERED,
            actor=user,
            note=_("Last stop done by %(driver)s.") % {"driver": _driver_name(task.driver)},
            position=position,
        )
    return task
