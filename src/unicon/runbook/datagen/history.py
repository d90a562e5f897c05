"""The history events of a generated shipment, driven by the status machine.

The generator only says *when* a shipment reaches each milestone of its life (submitted,
dispatched, started, delivered; or submitted, cancelled) and who acts; the moves in between
come from `shipments.lifecycle.status_path` over `shipments.policies.TRANSITIONS` (and the
document machine), and what each move stamps from `lifecycle.move_stamps` — the same table
and function the services use. A change to the machine changes the generated events; a
milestone the machine can no longer reach stops the run before anything is written.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

from unicon.dispatch.models import TaskStatus
from unicon.runbook.datagen.cast import new_public_id
from unicon.shipments import lifecycle
from unicon.shipments.models import DocumentStatus, EventKind, OperationStatus, ShipmentEvent

if TYPE_CHECKING:
    from unicon.runbook.datagen.factory import ShipmentFactory

S = OperationStatus
D = DocumentStatus

#: The milestones of each generated life after creation, in order.
DELIVERED_LIFE = (S.PENDING, S.DISPATCHED, S.IN_TRANSIT, S.DELIVERED)
CANCELLED_LIFE = (S.PENDING, S.CANCELLED)
#: Days after delivery at which the paperwork reaches each document status.
DOCUMENT_DAYS = ((3, D.DOC_RECEIVED), (20, D.DOC_RETURNED))
CANCEL_REASON = "Khách hàng huỷ đơn."


class Paths:
    """`lifecycle.status_path` / `document_path` remembered per (from, to) pair for a run."""

    def __init__(self) -> None:
        self.known: dict[tuple[str, str, bool], list[str]] = {}

    def __call__(self, start: str, goal: str, documents: bool = False) -> list[str]:
        key = (start, goal, documents)
        if key not in self.known:
            find = lifecycle.document_path if documents else lifecycle.status_path
            self.known[key] = find(start, goal)
        return self.known[key]


def most_events(max_stops: int, paths: Paths | None = None) -> int:
    """The most events one generated shipment can have (its id range is reserved up front):
    creation, the assignment, every status move of the longest life, every document move and
    a check-in and check-out per stop. Raises `ValueError` when the status machine cannot
    reach a milestone."""
    paths = paths or Paths()
    moves = 0
    for life in (DELIVERED_LIFE, CANCELLED_LIFE):
        current, count = lifecycle.INITIAL_STATUS, 0
        for milestone in life:
            count += len(paths(current, milestone))
            current = milestone
        moves = max(moves, count)
    documents = len(paths(lifecycle.INITIAL_DOCUMENT_STATUS, DOCUMENT_DAYS[-1][1], True))
    return 2 + moves + documents + 2 * max_stops


class History:
    """Appends a shipment's events in time order and stamps what each move changes."""

    def __init__(self, factory: ShipmentFactory, shipment: dict, events: list[dict]):
        self.factory, self.shipment, self.events = factory, shipment, events
        self.creator = shipment["created_by_id"]
        self.submitted_at = shipment["created_at"] + dt.timedelta(minutes=10)

    def _event(self, at: dt.datetime, kind: str, actor: int | None, **values) -> None:
        self.events.append(
            {
                "id": self.factory.ids[ShipmentEvent](),
                "public_id": new_public_id(),
                "shipment_id": self.shipment["id"],
                "kind": kind,
                "actor_id": actor,
                "created_at": at,
                "data": values.pop("data", "{}"),  # JSON text
                **values,
            }
        )
        self.shipment["updated_at"] = max(self.shipment["updated_at"], at)

    def advance(self, goal: str, at: dt.datetime, actor: int | None, note: str = "") -> None:
        """Move the shipment to `goal` along the status machine: one OPERATION_STATUS event
        per legal move (the note on the last), each stamping what the services stamp."""
        shipment = self.shipment
        for target in self.factory.paths(shipment["operation_status"], goal):
            text = note if target == goal else ""
            self._event(
                at,
                EventKind.OPERATION_STATUS,
                actor,
                from_status=shipment["operation_status"],
                to_status=target,
                note=text,
            )
            shipment.update(
                lifecycle.move_stamps(target, at, text, actual_start=shipment.get("actual_start"))
            )
            shipment["operation_status"] = target
            shipment["version"] += 1

    def created(self) -> None:
        self.shipment["operation_status"] = lifecycle.INITIAL_STATUS
        self._event(
            self.shipment["created_at"],
            EventKind.OPERATION_STATUS,
            self.creator,
            to_status=lifecycle.INITIAL_STATUS,
            note="Shipment created.",
        )

    def waiting(self, status: str) -> None:
        """Left in `status` (DRAFT or PENDING), submitted by its creator if PENDING."""
        self.advance(status, self.submitted_at, self.creator)

    def cancelled(self) -> None:
        self.advance(S.PENDING, self.submitted_at, self.creator)
        at = self.shipment["created_at"] + dt.timedelta(minutes=40)
        self.advance(S.CANCELLED, at, self.factory.cast.ops, CANCEL_REASON)

    def dispatched(self, task: dict, driver: tuple) -> None:
        at = task["created_at"]
        self.advance(S.PENDING, self.submitted_at, self.creator)
        _, _, _, _, tractor, trailer = driver
        note = f"Assigned {tractor} / {trailer}."
        data = {
            "task": str(task["public_id"]),
            "driver": str(self.factory.driver_public[task["driver_id"]]),
            "tractor": tractor,
            "trailer": trailer,
            "previousTask": None,
        }
        dispatcher = task["assigned_by_id"]
        self._event(at, EventKind.ASSIGNMENT, dispatcher, note=note, data=json.dumps(data))
        self.advance(S.DISPATCHED, at, dispatcher, note)

    def driven(self, stops: list[dict], task: dict) -> None:
        """Check-ins and check-outs up to now; the first one starts the trip, the last delivers."""
        now, rng = self.factory.now, self.factory.rng
        actor = self.factory.driver_users[task["driver_id"]]
        delay = dt.timedelta(minutes=rng.randrange(-10, 30))
        for n, stop in enumerate(stops):
            arrival = stop["planned_arrival"] + delay
            if arrival > now:
                return
            if n == 0:
                self._start(arrival, task, actor)
            self._check(stop, EventKind.CHECK_IN, arrival, actor, task)
            departure = stop["planned_departure"] + delay
            if departure > now:
                return
            self._check(stop, EventKind.CHECK_OUT, departure, actor, task)
        self._deliver(stops[-1]["actual_departure"], task, actor)

    def _start(self, at: dt.datetime, task: dict, actor: int) -> None:
        self.advance(S.IN_TRANSIT, at, actor, "Trip started.")
        task.update(status=TaskStatus.IN_PROGRESS, started_at=at, updated_at=at)

    def _check(self, stop: dict, kind: str, at: dt.datetime, actor: int, task: dict) -> None:
        place = stop["_place"]
        if kind == EventKind.CHECK_IN:
            stop.update(actual_arrival=at, arrival_latitude=place.latitude)
            stop["arrival_longitude"] = place.longitude
            note = f"Arrived at {place.name}."
        else:
            stop.update(actual_departure=at, departure_latitude=place.latitude)
            stop["departure_longitude"] = place.longitude
            note = f"Left {place.name}."
        stop["updated_at"] = at
        data = (
            f'{{"stop": "{stop["public_id"]}", "sequence": {stop["sequence"]}, '
            f'"task": "{task["public_id"]}"}}'
        )
        self._event(
            at,
            kind,
            actor,
            note=note,
            data=data,
            stop_id=stop["id"],
            latitude=place.latitude,
            longitude=place.longitude,
        )

    def _deliver(self, at: dt.datetime, task: dict, actor: int) -> None:
        self.advance(S.DELIVERED, at, actor, "Last stop done.")
        task.update(status=TaskStatus.COMPLETED, completed_at=at, closed_at=at, updated_at=at)
        for after, goal in DOCUMENT_DAYS:
            moment = at + dt.timedelta(days=after)
            if moment > self.factory.now:
                return
            self._documents(goal, moment)

    def _documents(self, goal: str, at: dt.datetime) -> None:
        """Move the document status to `goal` along the document machine."""
        shipment = self.shipment
        current = shipment.get("document_status", lifecycle.INITIAL_DOCUMENT_STATUS)
        for target in self.factory.paths(current, goal, True):
            self._event(
                at,
                EventKind.DOCUMENT_STATUS,
                self.factory.cast.ops,
                from_status=current,
                to_status=target,
            )
            current = shipment["document_status"] = target
