"""Dispatch rules: assigning shipments to a driver + tractor (+ trailer), and the driver's trip.

Every rule of DOMAIN.md Part A §3 and §4 lives here, each public function in one transaction.
Status changes of the shipment go through `unicon.shipments.services.record_status` (which
owns the legal-move table and writes the event); other facts (assignment, check-in/out) are
appended with `append_event`.

Decisions:
- A vehicle of the wrong type (a trailer given as tractor, or the reverse) is a 409 CONFLICT,
  like every other refusal of Part A §3.
- Paper rules come from `fleet.services.paper_problems` (through `dispatch.policies`, which
  words every "why not"): a missing expiry date does not block; an expiry date before the
  trip's last day (business time zone) does. Papers are valid through their expiry date.
- Re-assigning an already DISPATCHED shipment requires the version the client last saw
  (`version` field or `If-Match` header). Without it the second of two dispatchers racing on
  the same shipment would silently replace the first one's choice; with it, it gets a 409.
- "Free that day" (availability) means: no active task whose planned window meets the day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from unicon.core import audit, crud, dates
from unicon.core.errors import Conflict, NotFound, ValidationFailed
from unicon.core.permissions import ensure_role
from unicon.dispatch import policies
from unicon.dispatch.models import MAX_INSTRUCTIONS, DriverTask, TaskStatus
from unicon.dispatch.policies import DISPATCH_ROLES
from unicon.fleet.models import Driver, DriverStatus, Vehicle, VehicleType
from unicon.shipments import containers, events
from unicon.shipments.labels import status_label
from unicon.shipments.models import EventKind, OperationStatus, Shipment
from unicon.shipments.notes import Note
from unicon.shipments.versions import read_version

# --------------------------------------------------------------------------- helpers


def shipment_services():
    from unicon.shipments import services

    return services


def business_day(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a calendar day in the business time zone, as aware datetimes."""
    tz = timezone.get_default_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def trip_dates(start: dt.datetime, end: dt.datetime) -> tuple[dt.date, dt.date]:
    """First and last calendar day (business time zone) that a planned window touches (within
    `core.dates`' range: a window stored outside it is read at the range's end)."""
    first = dates.business_day(start)
    # a window ending exactly at midnight does not use the next day
    last = dates.business_day(end - dt.timedelta(microseconds=1)) if end > start else first
    return first, max(first, last)


def parse_day(value: str | None) -> dt.date:
    """`?date=` (ISO or dd/mm/yyyy) within `core.dates`' range, default today (business time
    zone); `ValidationFailed` on `date` otherwise."""
    return dates.read_day(value, "date") or timezone.localdate()


def version_from(if_match: str | None, version: int | None) -> int | None:
    """The version a client sent: the body's `version`, else the `If-Match` header (None
    when neither); an unreadable one is a 400 (`shipments.versions.read_version`)."""
    return read_version(if_match if version is None else version, required=False)


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
    """Make sure the shipment's version moved past `before` (record_status may already do it;
    it updates the locked instance in place, so no re-read is needed)."""
    if shipment.version == before:
        Shipment.objects.filter(pk=shipment.pk).update(version=before + 1)
        shipment.version = before + 1


def _lock_shipment(user, public_id) -> Shipment:
    """The shipment visible to `user` with its customer, row-locked for the rest of the
    transaction (404 else); one query, and its audit "before" is taken from it."""
    shipment = (
        shipment_services()
        .visible_shipments(user)
        .select_for_update(of=("self",))
        .select_related("customer")
        .filter(public_id=public_id)
        .first()
    )
    if shipment is None:
        raise NotFound(_("No such shipment."))
    audit.remember(shipment)
    return shipment


def driver_name(driver: Driver) -> str:
    return driver.user.full_name


# (the papers' names and every "why not" sentence live in `dispatch.policies`)
PAPER_NAMES = policies.PAPER_NAMES


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


def assignment_reasons(
    shipment: Shipment, res: Resources, *, start: dt.datetime, end: dt.datetime
) -> list[policies.Reason]:
    """Every reason (`dispatch.policies.Reason`) the crew cannot take `shipment` over
    [start, end): statuses, vehicle types, papers on the trip's days, other bookings."""
    first, last = trip_dates(start, end)
    vehicles = [v for v in (res.tractor, res.trailer) if v is not None]
    bookings = list(  # one read for the whole crew; each member's first booking is picked below
        DriverTask.objects.active()
        .overlapping(start, end)
        .exclude(shipment=shipment)
        .filter(Q(driver=res.driver) | Q(tractor__in=vehicles) | Q(trailer__in=vehicles))
        .select_related("shipment")
        .order_by("planned_start", "id")
    )

    def first_booking(holds) -> DriverTask | None:
        return next((task for task in bookings if holds(task)), None)

    driver_booking = first_booking(lambda task: task.driver_id == res.driver.pk)
    reasons = policies.driver_reasons(res.driver, first, last, driver_booking)
    for vehicle, kind in ((res.tractor, VehicleType.TRACTOR), (res.trailer, VehicleType.TRAILER)):
        if vehicle is not None:
            booking = first_booking(
                lambda task, v=vehicle: v.pk in (task.tractor_id, task.trailer_id)
            )
            reasons += policies.vehicle_reasons(vehicle, kind, first, last, booking)
    return reasons


def assignment_problems(
    shipment: Shipment, res: Resources, *, start: dt.datetime, end: dt.datetime
) -> list[str]:
    """Every reason the assignment is refused, each a full sentence naming the blocker."""
    return [r.message for r in assignment_reasons(shipment, res, start=start, end=end)]


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
    return events.crew_text(
        driver_name(res.driver), str(res.tractor), str(res.trailer) if res.trailer else None
    )


#: The most characters of the reason for unassigning a shipment (API and page).
MAX_UNASSIGN_REASON = 200


def task_instructions(text: str | None) -> str:
    """The instructions for the driver as stored (stripped), or a 400 on `instructions` when
    longer than `models.MAX_INSTRUCTIONS` characters."""
    return crud.bounded_text(
        text, MAX_INSTRUCTIONS, "instructions", gettext_lazy("Instructions for the driver")
    )


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


def shipment_event(shipment, kind, **fields):
    """`shipments.services.append_event` (its keyword arguments: actor, note, data, position,
    stop, occurred_at; looked up late, as `shipment_services` is)."""
    return shipment_services().append_event(shipment, kind, **fields)


@transaction.atomic
@audit.batched()
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
    confirm_container: bool = False,
) -> DriverTask:
    """Assign (PENDING → DISPATCHED) or re-assign (DISPATCHED) a shipment. See module doc.
    A container on another active shipment at the same time needs `confirm_container`."""
    ensure_role(user, DISPATCH_ROLES)
    instructions = task_instructions(instructions)
    shipment = _lock_shipment(user, shipment_id)
    _check_version(shipment, version)
    containers.ensure_container_free(
        user,
        shipment.container_number,
        shipment.planned_start,
        shipment.planned_end,
        exclude_pk=shipment.pk,
        confirmed=confirm_container,
    )
    status = shipment.operation_status
    policies.dispatchable(shipment).enforce()
    current = shipment.tasks.active().select_related("driver__user", "tractor").first()
    if status == OperationStatus.DISPATCHED and version is None:
        who = driver_name(current.driver) if current else "?"
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
    assignment = events.assignment(
        task=task.public_id,
        driver=res.driver.public_id,
        tractor=res.tractor.plate,
        trailer=res.trailer.plate if res.trailer else None,
        previous_task=current.public_id if current else None,
        crew=description,
        reassigned=status != OperationStatus.PENDING,
    )
    shipment_event(shipment, actor=user, **assignment)
    if status == OperationStatus.PENDING:
        shipment_services().record_status(
            shipment,
            OperationStatus.DISPATCHED,
            actor=user,
            note=events.dispatched_note(description),
            locked=True,
        )
    _bump_version(shipment, before)
    task.shipment = shipment
    return task


def dispatch_to_tractor(user, shipment_id, tractor_id, *, version: int | None = None):
    """The board's "this request on this tractor row": the tractor's regular driver (ACTIVE,
    with it as default tractor) and that driver's default trailer take the shipment through
    `dispatch` (every check applies). No regular driver: 409 naming the tractor, so the
    dispatcher chooses the crew in the full form. Unknown tractor: 400."""
    ensure_role(user, DISPATCH_ROLES)
    tractor = Vehicle.objects.filter(public_id=tractor_id).first()
    if tractor is None:
        raise ValidationFailed(_("Unknown tractor."), {"tractorId": [_("Unknown vehicle.")]})
    current = DriverTask.objects.active().filter(shipment__public_id=shipment_id).first()
    policies.movable_to(current, tractor.pk).enforce()
    driver = (
        Driver.objects.filter(default_tractor=tractor, status=DriverStatus.ACTIVE)
        .order_by("user__full_name", "id")
        .first()
    )
    if driver is None:
        raise Conflict(
            _("Tractor %(plate)s has no regular driver; choose the crew for this trip.")
            % {"plate": str(tractor)},
            {"reason": "NO_REGULAR_DRIVER", "tractorId": str(tractor.public_id)},
        )
    trailer = Vehicle.objects.filter(pk=driver.default_trailer_id).first()
    return dispatch(
        user,
        shipment_id,
        driver_id=driver.public_id,
        tractor_id=tractor.public_id,
        trailer_id=trailer.public_id if trailer else None,
        version=version,
    )


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
    task_instructions(instructions)  # refused before anything is created
    services = shipment_services()
    shipment = services.create_shipment(user, data)
    if not shipment.stops.exists():
        raise ValidationFailed(_("A shipment needs at least one stop."), {"stops": ["required"]})
    services.record_status(
        shipment, OperationStatus.PENDING, actor=user, note=gettext_noop("Quick dispatch.")
    )
    return dispatch(
        user,
        shipment.public_id,
        driver_id=driver_id,
        tractor_id=tractor_id,
        trailer_id=trailer_id,
        instructions=instructions,
        confirm_container=bool(data.get("confirm_container")),
    )


@transaction.atomic
def unassign(user, shipment_id, *, version: int | None = None, reason: str = "") -> Shipment:
    """DISPATCHED → PENDING: the active (not yet started) task is closed as CANCELLED;
    `reason` (at most `MAX_UNASSIGN_REASON` characters) goes into the history."""
    ensure_role(user, DISPATCH_ROLES)
    reason = crud.bounded_text(reason, MAX_UNASSIGN_REASON, "reason", gettext_lazy("Reason"))
    shipment = _lock_shipment(user, shipment_id)
    _check_version(shipment, version)
    if shipment.operation_status != OperationStatus.DISPATCHED:
        raise Conflict(
            _("Shipment %(number)s is %(status)s; only a dispatched shipment can be unassigned.")
            % {"number": shipment.number, "status": status_label(shipment.operation_status)},
            {"status": shipment.operation_status, "allowed": [OperationStatus.DISPATCHED]},
        )
    before = shipment.version
    note = Note(gettext_noop("Unassigned by %(user)s."), user=user.email)
    if reason:
        note = Note(
            gettext_noop("Unassigned by %(user)s. %(reason)s"), user=user.email, reason=reason
        )
    current = shipment.tasks.active().select_for_update().first()
    if current is not None:
        with audit.labelled("dispatch.unassign"):
            _close(current, note)
    shipment_event(
        shipment,
        EventKind.ASSIGNMENT,
        actor=user,
        note=note,
        data={"task": str(current.public_id) if current else None, "unassigned": True},
    )
    shipment_services().record_status(
        shipment, OperationStatus.PENDING, actor=user, note=note, locked=True
    )
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
