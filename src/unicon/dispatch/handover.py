"""Hand over a running trip (issue 13, item 10; DOMAIN.md Part B §3.5): a truck breaks down or
a driver falls ill mid-trip, and the dispatcher gives the stops not yet left to another
driver, tractor and trailer.

The current task ends as HANDED_OVER (kept in history with the reason; the stops it completed
and their photos stay on the shipment, and the history line lists their sequence numbers);
a new task covers the remaining stops. The new crew passes the same checks as any assignment
(`dispatch.services.assignment_problems`: status, vehicle types, papers, other bookings)
over the window from now to the shipment's planned end. The shipment stays IN_TRANSIT; the
new driver's first check-in starts the new task (`dispatch.trips._start`).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from unicon.core import audit, crud
from unicon.core.errors import ValidationFailed
from unicon.dispatch import policies
from unicon.dispatch.models import DriverTask, TaskStatus
from unicon.dispatch.services import (
    _bump_version,
    _check_version,
    _describe,
    _lock_shipment,
    _refuse_if,
    _resolve,
    assignment_problems,
    shipment_event,
    task_instructions,
)
from unicon.shipments.models import EventKind
from unicon.shipments.notes import Note

MAX_REASON = 255


def hand_over(
    user,
    shipment_id,
    *,
    driver_id,
    tractor_id,
    trailer_id=None,
    reason: str,
    version: int | None = None,
    instructions: str = "",
) -> DriverTask:
    """`POST /api/shipments/{id}/handover`: give the remaining stops of an IN_TRANSIT trip to
    another crew. Returns the new (PENDING) task.

    `reason` (required, ≤ 255 characters) is kept as the old task's close reason and in the
    history; `version` (optional) must equal the shipment's. In one transaction: lock the
    shipment, `policies.may_hand_over` (403 role, 409 not in transit), lock the crew, refuse
    any `assignment_problems` of the new crew over [now, max(now, planned end)] (409 with
    `details.problems`), close the old task as HANDED_OVER, create the new task and append an
    ASSIGNMENT event (`data.handover`, `previousTask`, `completedStops`), so the customer
    and the new driver are notified as for a re-assignment. Errors: NotFound, Forbidden,
    Conflict, ValidationFailed (missing reason, unknown crew ids).
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("Say why the trip is handed over."), {"reason": [_("This field is required.")]}
        )
    reason = crud.bounded_text(reason, MAX_REASON, "reason", gettext_lazy("Reason"))
    instructions = task_instructions(instructions)
    with transaction.atomic():
        shipment = _lock_shipment(user, shipment_id)
        _check_version(shipment, version)
        current = (
            shipment.tasks.active()
            .select_for_update(of=("self",))
            .select_related("driver__user", "tractor", "trailer")
            .first()
        )
        policies.may_hand_over(user, shipment, current).enforce()
        crew = _resolve(driver_id, tractor_id, trailer_id)
        now = timezone.now()
        end = max(now, shipment.planned_end)
        _refuse_if(assignment_problems(shipment, crew, start=now, end=end))
        done = list(
            shipment.stops.filter(actual_departure__isnull=False)
            .order_by("sequence")
            .values_list("sequence", flat=True)
        )
        before = shipment.version
        with audit.labelled("dispatch.handover"):
            current.status = TaskStatus.HANDED_OVER
            current.closed_at = now
            current.close_reason = reason
            current.save()
            task = DriverTask.objects.create(
                shipment=shipment,
                driver=crew.driver,
                tractor=crew.tractor,
                trailer=crew.trailer,
                sequence=current.sequence,
                planned_start=now,
                planned_end=end,
                instructions=instructions or current.instructions,
                assigned_by=user,
            )
        shipment_event(
            shipment,
            EventKind.ASSIGNMENT,
            actor=user,
            note=Note(
                gettext_noop("Trip handed over to %(what)s: %(reason)s"),
                what=_describe(crew),
                reason=reason,
            ),
            data={
                "handover": True,
                "task": str(task.public_id),
                "previousTask": str(current.public_id),
                "completedStops": done,
                "driver": str(crew.driver.public_id),
                "tractor": crew.tractor.plate,
                "trailer": crew.trailer.plate if crew.trailer else None,
            },
        )
        _bump_version(shipment, before)
    task.shipment = shipment
    return task
