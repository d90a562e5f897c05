"""The driver's trip: today's tasks in running order, start, check-in and check-out at each
stop (DOMAIN.md Part A §4). Each action is one transaction; the stop-order rule is
`dispatch.policies.may_check_in` / `may_check_out`."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from unicon.core import audit
from unicon.core.clock import acted_at
from unicon.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from unicon.core.geo import parse_position
from unicon.core.permissions import ensure_role
from unicon.core.roles import Role
from unicon.dispatch import policies
from unicon.dispatch.models import ACTIVE_STATUSES, DriverTask, TaskStatus
from unicon.dispatch.policies import DRIVER_ROLES
from unicon.dispatch.services import business_day, driver_name, shipment_event, shipment_services
from unicon.dispatch.signals import stop_check_out_requested
from unicon.dispatch.task_rows import PreparedTasks, task_rows
from unicon.fleet.models import Driver
from unicon.shipments import events
from unicon.shipments.labels import choice_label, status_label
from unicon.shipments.models import EventKind, OperationStatus, Shipment, Stop

# --------------------------------------------------------------------------- driver execution


def _day_tasks(drivers: QuerySet[Driver], start: dt.datetime, end: dt.datetime) -> QuerySet:
    """The tasks of `drivers` over [start, end) but cancelled ones, in running order."""
    return (
        DriverTask.objects.filter(driver__in=drivers.values("pk"))
        .exclude(status=TaskStatus.CANCELLED)
        .overlapping(start, end)
        .order_by("sequence", "planned_start", "id")
    )


#: A driver's own day, by user id and [start, end); its sentinels appear nowhere else.
_OWN_DAY = PreparedTasks(
    lambda user_id, start, end: _day_tasks(Driver.objects.filter(user_id=user_id), start, end),
    [
        (Driver._meta.get_field("user"), -2_026_113_001),
        (
            DriverTask._meta.get_field("planned_start"),
            dt.datetime(1901, 1, 1, 0, 0, 0, 111, dt.UTC),
        ),
        (
            DriverTask._meta.get_field("planned_start"),
            dt.datetime(1901, 1, 2, 0, 0, 0, 222, dt.UTC),
        ),
    ],
)


def driver_tasks(user, day: dt.date, driver_id=None) -> list[dict]:
    """The driver's own tasks of the day, in running order, with stops (ADMIN: any driver),
    as `task_rows` dicts (`schemas.DriverTaskOut`'s keys). A trip still IN_PROGRESS is listed
    whatever its planned day. Two statements (the tasks with the driver found inside them,
    their stops; a driver's own day compiled once); a third only for an empty day, to tell
    "no driver profile" from "no trips"."""
    ensure_role(user, DRIVER_ROLES)
    start, end = business_day(day)
    if driver_id is not None and user.role == Role.ADMIN:
        drivers = Driver.objects.filter(public_id=driver_id)
        tasks = task_rows(_day_tasks(drivers, start, end))
    else:
        drivers = Driver.objects.filter(user=user)
        tasks = _OWN_DAY.rows(user.pk, start, end)
    if not tasks and not drivers.exists():
        if user.role == Role.ADMIN:
            raise ValidationFailed(
                _("Pass driverId to see a driver's tasks."), {"driverId": [_("Required.")]}
            )
        raise Forbidden(_("Your account has no driver profile."))
    return tasks


def _lock_own_task(user, task_id) -> DriverTask:
    """The user's task (ADMIN: any), 404 otherwise. Locks in the order every dispatch service
    uses — shipment, then task with its driver — so concurrent calls cannot deadlock, and the
    driver row serialises "finish the current trip first". Two statements: the shipment is
    found through the task's id, the task is read with its driver as it is locked."""
    ensure_role(user, DRIVER_ROLES)
    shipment_of_task = DriverTask.objects.filter(public_id=task_id).values("shipment_id")
    shipment = (
        Shipment.objects.select_for_update(of=("self",))
        .select_related("customer")
        .filter(pk=Subquery(shipment_of_task))
        .first()
    )
    task = (
        DriverTask.objects.select_for_update(of=("self", "driver"))
        .select_related("driver__user", "tractor", "trailer")
        .filter(public_id=task_id, shipment=shipment)
        .first()
        if shipment is not None
        else None
    )
    if task is None or (user.role != Role.ADMIN and task.driver.user_id != user.pk):
        raise NotFound(_("Task not found."))
    task.shipment = shipment
    audit.remember(shipment)  # both locked: their audit "before" needs no second read
    audit.remember(task)
    return task


def _require_open(task: DriverTask) -> None:
    if task.status not in ACTIVE_STATUSES:
        raise Conflict(
            _("This task is %(status)s; it can no longer be worked on.")
            % {"status": choice_label(TaskStatus, task.status)},
            {"status": task.status},
        )


def _start(user, task: DriverTask, *, position=None, at=None) -> None:
    """PENDING → IN_PROGRESS (`at`: when, default now); the shipment DISPATCHED → IN_TRANSIT."""
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
    # IN_TRANSIT: a trip handed over mid-way (`dispatch.handover`); the new crew takes it on
    # the road and the shipment's status does not move again
    if shipment.operation_status not in (OperationStatus.DISPATCHED, OperationStatus.IN_TRANSIT):
        raise Conflict(
            _("Shipment %(number)s is %(status)s; a trip can only start once it is dispatched.")
            % {"number": shipment.number, "status": status_label(shipment.operation_status)}
        )
    with audit.labelled("dispatch.start"):
        task.status = TaskStatus.IN_PROGRESS
        task.started_at = at or timezone.now()
        task.save()
    if shipment.operation_status == OperationStatus.DISPATCHED:
        shipment_services().record_status(
            shipment,
            OperationStatus.IN_TRANSIT,
            actor=user,
            note=events.trip_started_note(driver_name(task.driver)),
            position=position,
            locked=True,
        )


@transaction.atomic
@audit.batched()
def start_task(user, task_id) -> DriverTask:
    """PENDING → IN_PROGRESS. A repeated start (a phone's retry) answers with the running task."""
    task = _lock_own_task(user, task_id)
    if task.status == TaskStatus.IN_PROGRESS:
        return task
    _require_open(task)
    _start(user, task)
    return task


def _lock_stop(task: DriverTask, stop_id) -> tuple[Stop, list[Stop]]:
    stops = list(
        Stop.objects.select_for_update().filter(shipment=task.shipment).order_by("sequence")
    )
    for stop in stops:
        audit.remember(stop)
    for stop in stops:
        if str(stop.public_id) == str(stop_id):
            return stop, stops
    raise NotFound(_("Stop not found on this task."))


def _visit_target(user, task_id, stop_id, side: str) -> tuple[DriverTask, Stop | None, list[Stop]]:
    """The user's task and its stops, locked, and the stop visited — None when its `side`
    ("arrival" | "departure") is already stamped; a task no longer open is refused (409)."""
    task = _lock_own_task(user, task_id)
    stop, stops = _lock_stop(task, stop_id)
    if getattr(stop, f"actual_{side}") is not None:
        return task, None, stops
    _require_open(task)
    return task, stop, stops


#: The stop's side stamped by each visit: its history line and its audit label.
_VISITS = {
    "arrival": (EventKind.CHECK_IN, "stop.check_in"),
    "departure": (EventKind.CHECK_OUT, "stop.check_out"),
}


def _record_visit(
    user, task: DriverTask, stop: Stop, side: str, acted, now, position, note, *, late: bool
) -> None:
    """Stamp the stop's `side` ("arrival" | "departure"): when it happened (`acted`), when the
    server heard of it (`now`) and where (`position`, if sent); then write its CHECK_IN /
    CHECK_OUT history line (with `occurred_at` when the time was sent `late`)."""
    kind, label = _VISITS[side]
    setattr(stop, f"actual_{side}", acted)
    setattr(stop, f"{side}_received_at", now)
    if position is not None:
        setattr(stop, f"{side}_latitude", position[0])
        setattr(stop, f"{side}_longitude", position[1])
    with audit.labelled(label):
        stop.save()
    visit = events.stop_visit(
        kind,
        stop=stop.public_id,
        sequence=stop.sequence,
        task=task.public_id,
        place=stop.location_name,
        position=position,
        note=note,
    )
    shipment_event(
        task.shipment, actor=user, stop=stop, occurred_at=acted if late else None, **visit
    )


@transaction.atomic
@audit.batched()
def check_in(
    user, task_id, stop_id, *, latitude=None, longitude=None, note="", occurred_at=None
) -> DriverTask:
    """Arrive at a stop; stops strictly in order; the first check-in starts the trip.
    `occurred_at`: when the driver arrived, if earlier (offline; see `unicon.core.clock`).
    A repeated check-in (a phone's retry) answers with the task as it is, changing nothing."""
    position = parse_position(latitude, longitude)
    task, stop, stops = _visit_target(user, task_id, stop_id, "arrival")
    if stop is None:  # a phone's retry: the task as it is
        return task
    policies.may_check_in(stop, stops).enforce()
    previous = next((s for s in reversed(stops) if s.sequence < stop.sequence), None)
    now = timezone.now()
    acted = acted_at(
        occurred_at,
        not_before=previous.actual_departure if previous else None,
        not_before_reason=_("the check-out of the previous stop"),
        now=now,
    )
    if task.status == TaskStatus.PENDING:
        _start(user, task, position=position, at=acted)
    late = bool(occurred_at)
    _record_visit(user, task, stop, "arrival", acted, now, position, note, late=late)
    return task


@transaction.atomic
@audit.batched()
def check_out(
    user, task_id, stop_id, *, latitude=None, longitude=None, note="", occurred_at=None
) -> DriverTask:
    """Leave a stop (after the `stop_check_out_requested` hook agrees); the last one delivers.
    `occurred_at`: when the driver left, if earlier (offline; see `unicon.core.clock`).
    A repeated check-out (a phone's retry) answers with the task as it is, changing nothing."""
    position = parse_position(latitude, longitude)
    task, stop, stops = _visit_target(user, task_id, stop_id, "departure")
    if stop is None:  # a phone's retry: the task as it is
        return task
    policies.may_check_out(stop).enforce()
    now = timezone.now()
    acted = acted_at(
        occurred_at,
        not_before=stop.actual_arrival,
        not_before_reason=_("the check-in at this stop"),
        now=now,
    )
    stop_check_out_requested.send(sender=DriverTask, stop=stop, task=task, actor=user)
    late = bool(occurred_at)
    _record_visit(user, task, stop, "departure", acted, now, position, note, late=late)
    if all(s.actual_departure is not None for s in stops):
        with audit.labelled("dispatch.complete"):
            task.status = TaskStatus.COMPLETED
            task.completed_at = acted
            task.save()
        shipment_services().record_status(
            task.shipment,
            OperationStatus.DELIVERED,
            actor=user,
            note=events.delivered_note(driver_name(task.driver)),
            position=position,
            locked=True,
        )
    return task
