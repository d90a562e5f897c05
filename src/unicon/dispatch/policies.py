"""Who may dispatch, read the board, drive a trip; which stop a driver may check in/out now.

The one place for the dispatch role sets and status sets (DOMAIN.md Part A §3, §4).
`dispatch.services` enforces these decisions; the shipment detail (API `allowedActions`,
page buttons) and the driver's page read them.
"""

from collections.abc import Sequence

from django.utils.translation import gettext as _

from unicon.core.policy import ALLOW, Decision, conflict, forbid, role
from unicon.core.roles import Role
from unicon.shipments.labels import status_label
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
