"""The running order of a driver's open tasks (the dispatcher's up/down arrows and
`PUT /api/dispatch/drivers/{id}/order`); each change is one transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from unicon.core import audit
from unicon.core.errors import NotFound, ValidationFailed
from unicon.core.ids import parse_uuid
from unicon.core.permissions import ensure_role
from unicon.dispatch.models import DriverTask
from unicon.dispatch.policies import DISPATCH_ROLES
from unicon.fleet.models import Driver


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
