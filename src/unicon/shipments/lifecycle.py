"""A shipment's life as data, read from the status machine of `policies` (`TRANSITIONS`,
`DOCUMENT_TRANSITIONS`): where a new shipment starts, the legal moves from one status to
another, and what a move stamps on the shipment besides its status.

`services` applies one move at a time with `move_stamps`; the benchmark data generator
(`runbook.datagen`) replays whole lives with `status_path` and `move_stamps`, so a change
to the machine changes the generated history too (and a status it can no longer reach
stops the generator with an error instead of writing impossible rows).
"""

from collections import deque
from datetime import datetime

from unicon.shipments import policies
from unicon.shipments.models import OperationStatus, Shipment

S = OperationStatus

#: Where a new shipment's statuses start (the model's defaults).
INITIAL_STATUS: str = Shipment._meta.get_field("operation_status").default
INITIAL_DOCUMENT_STATUS: str = Shipment._meta.get_field("document_status").default


def status_path(
    start: str, goal: str, machine: dict[str, tuple[str, ...]] | None = None
) -> list[str]:
    """The statuses after `start` on the shortest legal way to `goal` ([] when they are the
    same), along `machine` (default: the operation-status machine, `policies.TRANSITIONS`).
    Raises `ValueError` when `goal` cannot be reached from `start`."""
    machine = policies.TRANSITIONS if machine is None else machine
    came_from: dict[str, str] = {start: start}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        if current == goal:
            path = []
            while current != start:
                path.append(current)
                current = came_from[current]
            return path[::-1]
        for following in machine.get(current, ()):
            if following not in came_from:
                came_from[following] = current
                queue.append(following)
    raise ValueError(f"The status machine has no way from {start} to {goal}.")


def document_path(start: str, goal: str) -> list[str]:
    """`status_path` along the document-status machine (`policies.DOCUMENT_TRANSITIONS`)."""
    return status_path(start, goal, policies.DOCUMENT_TRANSITIONS)


def move_stamps(
    target: str, at: datetime, note: str = "", *, actual_start: datetime | None = None
) -> dict[str, object]:
    """The fields a move to `target` at `at` sets besides `operation_status` and `version`:
    the trip's start (first IN_TRANSIT; `actual_start` is the one already stamped, if any),
    its end (DELIVERED) and the reason of a cancellation (its note)."""
    stamps: dict[str, object] = {}
    if target == S.IN_TRANSIT and actual_start is None:
        stamps["actual_start"] = at
    if target == S.DELIVERED:
        stamps["actual_end"] = at
    if target == S.CANCELLED and note:
        stamps["cancelled_reason"] = note
    return stamps
