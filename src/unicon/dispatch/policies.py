"""Who may dispatch, read the board, drive a trip; which stop a driver may check in/out now;
why a driver, tractor or trailer cannot take a trip.

The one place for the dispatch role sets and status sets (DOMAIN.md Part A §3, §4), and for
the reasons a crew member is not available (`crew_reasons`): the dispatch service refuses an
assignment with them, and the crew pickers (API `GET /api/dispatch/crew`, the assign, quick
dispatch and hand-over pages) show the same sentences. `dispatch.services` enforces these
decisions; the shipment detail (API `allowedActions`, page buttons) and the driver's page read
them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from unicon.core import display
from unicon.core.policy import ALLOW, Decision, conflict, forbid, role
from unicon.core.renderers import iso_utc
from unicon.core.roles import Role
from unicon.dispatch.models import TaskStatus
from unicon.fleet import services as fleet_services
from unicon.fleet.models import Driver, DriverStatus, Vehicle, VehicleStatus, VehicleType
from unicon.fleet.services import Paper
from unicon.shipments.labels import choice_label, status_label
from unicon.shipments.models import OperationStatus
from unicon.shipments.policies import awaiting_review

#: Who assigns, unassigns, re-orders (ADMIN always passes).
DISPATCH_ROLES = frozenset({Role.DISPATCHER})
#: Who reads the board, availability and the task lists.
READ_ROLES = frozenset({Role.DISPATCHER, Role.OPS})
#: Who drives: start, check in, check out.
DRIVER_ROLES = frozenset({Role.DRIVER})
#: Who prints any trip's sheet (a driver prints the sheets of their own trips only).
TRIP_SHEET_ROLES = frozenset({Role.DISPATCHER, Role.OPS})
#: Shipment statuses in which a (re-)assignment is possible.
DISPATCHABLE = (OperationStatus.PENDING, OperationStatus.DISPATCHED)


def dispatchable(shipment) -> Decision:
    """409 unless the shipment is PENDING (accepted by ops if a customer's request) or
    DISPATCHED (re-assign)."""
    status = shipment.operation_status
    if awaiting_review(shipment):
        return conflict(
            _(
                "Request %(number)s is waiting for the ops review; it can be dispatched "
                "once ops accept it."
            )
            % {"number": shipment.number},
            {"status": status, "review": shipment.review_status},
        )
    if status in DISPATCHABLE:
        return ALLOW
    return conflict(
        _("Shipment %(number)s is %(status)s; only shipments in %(allowed)s can be dispatched.")
        % {
            "number": shipment.number,
            "status": status_label(status),
            "allowed": ", ".join(status_label(s) for s in DISPATCHABLE),
        },
        {"status": status, "allowed": list(DISPATCHABLE)},
    )


def may_dispatch(user, shipment) -> Decision:
    """The role first (403), then the shipment's status (409)."""
    decision = role(user, DISPATCH_ROLES)
    return dispatchable(shipment) if decision else decision


def movable_to(task, tractor_pk: int | None) -> Decision:
    """The board's "move to another tractor" of a trip: not to the tractor it is already on
    (409; the full assign form changes its driver or trailer). `task`: the shipment's active
    task or None (a waiting request may go on any row)."""
    if task is None or tractor_pk is None or task.tractor_id != tractor_pk:
        return ALLOW
    return conflict(
        _("The trip is already on tractor %(plate)s; choose another tractor.")
        % {"plate": task.tractor},
        {"reason": "SAME_TRACTOR"},
    )


def may_print_trip_sheet(user, task) -> Decision:
    """The trip sheet of `task`: dispatchers and ops (ADMIN) any trip; a driver only a trip
    they drive or drove (the service answers 404 for another driver's, never 403)."""
    decision = role(user, TRIP_SHEET_ROLES)
    if decision:
        return decision
    if role(user, DRIVER_ROLES) and task.driver.user_id == user.pk:
        return ALLOW
    return forbid(_("Only the trip's own driver, dispatchers and ops print its trip sheet."))


def may_hand_over(user, shipment, task) -> Decision:
    """The dispatcher hands a running trip to another crew (a breakdown, an ill driver): the
    role (403), then a shipment IN_TRANSIT with an active task (409; a shipment in transit
    always has a stop left to leave). `task` is the shipment's active task or None."""
    decision = role(user, DISPATCH_ROLES)
    if not decision:
        return decision
    if shipment.operation_status != OperationStatus.IN_TRANSIT or task is None:
        return conflict(
            _("Only a trip on the road (in transit) can be handed over; %(number)s is %(status)s.")
            % {
                "number": shipment.number,
                "status": status_label(shipment.operation_status),
            },
            {"status": shipment.operation_status},
        )
    return ALLOW


def may_hand_over_shipment(user, shipment) -> Decision:
    """`may_hand_over` with the shipment's active task looked up (the detail's `handOver`)."""
    if shipment.operation_status != OperationStatus.IN_TRANSIT:
        return may_hand_over(user, shipment, None)
    return may_hand_over(user, shipment, shipment.tasks.active().first())


def may_check_in(stop, stops: Sequence) -> Decision:
    """A driver checks in at `stop` once, and only after leaving every earlier stop.

    `stops` are all the stops of the shipment, in sequence order.
    """
    if stop.actual_arrival is not None:
        return conflict(
            _("Already checked in at stop %(seq)s (%(name)s).")
            % {"seq": stop.sequence, "name": stop.location_name}
        )
    for earlier in stops:
        if earlier.sequence >= stop.sequence:
            break
        if earlier.actual_departure is None:
            return conflict(
                _("Check out of stop %(seq)s (%(name)s) first; stops are visited in order.")
                % {"seq": earlier.sequence, "name": earlier.location_name},
                {"pendingStop": str(earlier.public_id)},
            )
    return ALLOW


def may_check_out(stop) -> Decision:
    """A driver checks out of a stop they checked in at, once."""
    if stop.actual_arrival is None:
        return conflict(
            _("Check in at stop %(seq)s (%(name)s) before checking out.")
            % {"seq": stop.sequence, "name": stop.location_name}
        )
    if stop.actual_departure is not None:
        return conflict(
            _("Already checked out of stop %(seq)s (%(name)s).")
            % {"seq": stop.sequence, "name": stop.location_name}
        )
    return ALLOW


# --------------------------------------------------------------------------- crew availability

RUNNING = TaskStatus.IN_PROGRESS

# A paper's name in the reader's language (fleet's lazy `Paper` labels).
PAPER_NAMES = dict(Paper.choices)


@dataclass(frozen=True)
class Reason:
    """Why a driver or vehicle cannot take a trip: `code` for programs (`DRIVER_STATUS`,
    `VEHICLE_STATUS`, `WRONG_TYPE`, `PAPER_EXPIRED`, `BOOKED`, `RUNNING`), a full sentence in
    the reader's language naming the blocker, `short` (the same without the subject, for a
    picker's option: "booked on SHP-2026-0001 (…)") and `details` (codes, numbers, ISO dates)."""

    code: str
    message: str
    details: dict = field(default_factory=dict)
    short: str = ""


def driver_label(driver: Driver) -> str:
    return _("Driver %(name)s") % {"name": driver.user.full_name}


def vehicle_label(vehicle: Vehicle) -> str:
    return _("Vehicle %(plate)s") % {"plate": str(vehicle)}


def _window(task) -> str:
    """The task's planned window, dd/mm/yyyy HH:MM local (kept on the task: a booking is
    worded for its driver, tractor and trailer)."""
    text = task.__dict__.get("_window_text")
    if text is None:
        start, end = display.vndatetime(task.planned_start), display.vndatetime(task.planned_end)
        text = task.__dict__["_window_text"] = f"{start} – {end}"
    return text


def booking_reason(task, what: str) -> Reason:
    """`what` (a driver's or vehicle's label) is held by the active `task` (with its shipment):
    RUNNING while that trip is on the road (busy until its last check-out), else BOOKED."""
    details = {
        "shipment": task.shipment.number,
        "plannedStart": iso_utc(task.planned_start),
        "plannedEnd": iso_utc(task.planned_end),
        "taskStatus": task.status,
    }
    if task.status == RUNNING:
        message = _(
            "%(what)s is still on the running shipment %(number)s (planned %(window)s); "
            "free after its last check-out."
        ) % {"what": what, "number": task.shipment.number, "window": _window(task)}
        short = _("on the running trip %(number)s") % {"number": task.shipment.number}
        return Reason("RUNNING", message, details, short)
    message = _(
        "%(what)s is already booked on shipment %(number)s (%(window)s, task %(status)s)."
    ) % {
        "what": what,
        "number": task.shipment.number,
        "window": _window(task),
        "status": _task_status_label(task.status),
    }
    short = _("booked on %(number)s (%(window)s)") % {
        "number": task.shipment.number,
        "window": _window(task),
    }
    return Reason("BOOKED", message, details, short)


def _task_status_label(code: str) -> str:
    return choice_label(TaskStatus, code)


def paper_reasons(subject: Driver | Vehicle, first: dt.date, last: dt.date) -> list[Reason]:
    """A reason per paper of `subject` not valid on every day first..last (rule: fleet)."""
    who = driver_label(subject) if isinstance(subject, Driver) else vehicle_label(subject)
    return [
        Reason(
            "PAPER_EXPIRED",
            _("%(who)s: %(paper)s expired on %(date)s (trip %(first)s – %(last)s).")
            % {
                "who": who,
                "paper": PAPER_NAMES.get(problem.document, problem.document),
                "date": f"{problem.expires_on:%d/%m/%Y}",
                "first": f"{first:%d/%m/%Y}",
                "last": f"{last:%d/%m/%Y}",
            },
            {"paper": problem.document, "expiresOn": problem.expires_on.isoformat()},
            _("%(paper)s expired on %(date)s")
            % {
                "paper": PAPER_NAMES.get(problem.document, problem.document),
                "date": f"{problem.expires_on:%d/%m/%Y}",
            },
        )
        for problem in fleet_services.paper_problems(subject, first, last)
    ]


def driver_reasons(driver: Driver, first: dt.date, last: dt.date, booking=None) -> list[Reason]:
    """Why `driver` cannot drive a trip on the days first..last: not ACTIVE, licence expired,
    or `booking` (the active task holding the driver in the trip's window, if any)."""
    reasons = []
    if driver.status != DriverStatus.ACTIVE:
        reasons.append(
            Reason(
                "DRIVER_STATUS",
                _("%(who)s is %(status)s; only active drivers can be assigned.")
                % {
                    "who": driver_label(driver),
                    "status": choice_label(DriverStatus, driver.status),
                },
                {"status": driver.status},
                choice_label(DriverStatus, driver.status),
            )
        )
    reasons += paper_reasons(driver, first, last)
    if booking is not None:
        reasons.append(booking_reason(booking, driver_label(driver)))
    return reasons


def vehicle_reasons(
    vehicle: Vehicle, expected_type: str, first: dt.date, last: dt.date, booking=None
) -> list[Reason]:
    """Why `vehicle` cannot serve as `expected_type` (TRACTOR/TRAILER) on the days
    first..last: the other type, MAINTENANCE/OUT_OF_SERVICE, an expired paper, or `booking`."""
    reasons = []
    if vehicle.vehicle_type != expected_type:
        message = (
            _("Vehicle %(plate)s is a %(type)s, not a tractor.")
            if expected_type == VehicleType.TRACTOR
            else _("Vehicle %(plate)s is a %(type)s, not a trailer.")
        )
        reasons.append(
            Reason(
                "WRONG_TYPE",
                message
                % {
                    "plate": str(vehicle),
                    "type": choice_label(VehicleType, vehicle.vehicle_type),
                },
                {"vehicleType": vehicle.vehicle_type},
                choice_label(VehicleType, vehicle.vehicle_type),
            )
        )
    if vehicle.status != VehicleStatus.IN_USE:
        reasons.append(
            Reason(
                "VEHICLE_STATUS",
                _("Vehicle %(plate)s is %(status)s and cannot be assigned.")
                % {"plate": str(vehicle), "status": choice_label(VehicleStatus, vehicle.status)},
                {"status": vehicle.status},
                choice_label(VehicleStatus, vehicle.status),
            )
        )
    reasons += paper_reasons(vehicle, first, last)
    if booking is not None:
        reasons.append(booking_reason(booking, vehicle_label(vehicle)))
    return reasons


# --------------------------------------------------------------------------- the board's flags


def trip_flags(
    status: str,
    planned_start: dt.datetime,
    planned_end: dt.datetime,
    started_at: dt.datetime | None,
    completed_at: dt.datetime | None,
    now: dt.datetime,
) -> tuple[bool, bool]:
    """(late, overrunning) of a trip, as the board shows them.

    Late: not started `NOTIFY_START_MARGIN_MINUTES` (30) after its planned start, or started
    that much after it. Overrunning: still running after its planned end, or completed after
    it."""
    margin = dt.timedelta(minutes=settings.NOTIFY_START_MARGIN_MINUTES)
    if status == TaskStatus.PENDING:
        late = now > planned_start + margin
    else:
        late = started_at is not None and started_at > planned_start + margin
    if status == TaskStatus.IN_PROGRESS:
        overrun = now > planned_end
    else:
        overrun = completed_at is not None and completed_at > planned_end
    return late, overrun
