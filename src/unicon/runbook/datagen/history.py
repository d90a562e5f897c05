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
from typing import TYPE_CHECKING

from unicon.dispatch.models import TaskStatus
from unicon.fleet.models import format_plate
from unicon.runbook.datagen.cast import new_public_id
from unicon.shipments import events, lifecycle
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

    def _event(self, at: dt.datetime, actor: int | None, fields: dict, **values) -> None:
        """Append the line `fields` (an `shipments.events` builder's) acted by `actor` at `at`."""
        self.events.append(
            {
                "id": self.factory.ids[ShipmentEvent](),
                "public_id": new_public_id(),
                "shipment_id": self.shipment["id"],
                "actor_id": actor,
                "created_at": at,
                **events.as_row(fields),
                **values,
            }
        )
        self.shipment["updated_at"] = max(self.shipment["updated_at"], at)

    def advance(
        self, goal: str, at: dt.datetime, actor: int | None, note: str = "", position=None
    ) -> None:
        """Move the shipment to `goal` along the status machine: one OPERATION_STATUS event
        per legal move (the note and position on the last), each stamping what the services
        stamp."""
        shipment = self.shipment
        for target in self.factory.paths(shipment["operation_status"], goal):
            last = target == goal
            text = note if last else ""
            current = shipment["operation_status"]
            self._event(
                at, actor, events.status_move(current, target, text, position if last else None)
            )
            shipment.update(
                lifecycle.move_stamps(target, at, text, actual_start=shipment.get("actual_start"))
            )
            shipment["operation_status"] = target
            shipment["version"] += 1

    def created(self) -> None:
        self.shipment["operation_status"] = lifecycle.INITIAL_STATUS
        self._event(
            self.shipment["created_at"], self.creator, events.created(lifecycle.INITIAL_STATUS)
        )

    def waiting(self, status: str) -> None:
        """Left in `status` (DRAFT or PENDING), submitted by its creator if PENDING."""
        self.advance(status, self.submitted_at, self.creator)

    def cancelled(self) -> None:
        self.advance(S.PENDING, self.submitted_at, self.creator)
        at = self.shipment["created_at"] + dt.timedelta(minutes=40)
        self.advance(S.CANCELLED, at, self.factory.cast.ops, CANCEL_REASON)

    def dispatched(self, task: dict, driver: tuple) -> None:
        """The first assignment as `dispatch.services.dispatch` writes it, then DISPATCHED."""
        at = task["created_at"]
        self.advance(S.PENDING, self.submitted_at, self.creator)
        _, _, _, _, tractor, trailer = driver
        crew = events.crew_text(
            self.factory.cast.driver_names[task["driver_id"]],
            format_plate(tractor),
            format_plate(trailer) if trailer else None,
        )
        assignment = events.assignment(
            task=task["public_id"],
            driver=self.factory.driver_public[task["driver_id"]],
            tractor=tractor,
            trailer=trailer,
            previous_task=None,
            crew=crew,
        )
        dispatcher = task["assigned_by_id"]
        self._event(at, dispatcher, assignment)
        self.advance(S.DISPATCHED, at, dispatcher, events.dispatched_note(crew))

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
                self._start(arrival, task, actor, stop["_place"])
            self._check(stop, EventKind.CHECK_IN, arrival, actor, task)
            departure = stop["planned_departure"] + delay
            if departure > now:
                return
            self._check(stop, EventKind.CHECK_OUT, departure, actor, task)
        self._deliver(stops[-1]["actual_departure"], task, actor, stops[-1]["_place"])

    def _driver_name(self, task: dict) -> str:
        return self.factory.cast.driver_names[task["driver_id"]]

    def _start(self, at: dt.datetime, task: dict, actor: int, place) -> None:
        """The first check-in starts the trip where it is made (as `dispatch.trips` does)."""
        note = events.trip_started_note(self._driver_name(task))
        self.advance(S.IN_TRANSIT, at, actor, note, (place.latitude, place.longitude))
        task.update(status=TaskStatus.IN_PROGRESS, started_at=at, updated_at=at)

    def _check(self, stop: dict, kind: str, at: dt.datetime, actor: int, task: dict) -> None:
        place = stop["_place"]
        if kind == EventKind.CHECK_IN:
            stop.update(actual_arrival=at, arrival_latitude=place.latitude)
            stop["arrival_longitude"] = place.longitude
        else:
            stop.update(actual_departure=at, departure_latitude=place.latitude)
            stop["departure_longitude"] = place.longitude
        stop["updated_at"] = at
        visit = events.stop_visit(
            kind,
            stop=stop["public_id"],
            sequence=stop["sequence"],
            task=task["public_id"],
            place=place.name,
            position=(place.latitude, place.longitude),
        )
        self._event(at, actor, visit, stop_id=stop["id"])

    def _deliver(self, at: dt.datetime, task: dict, actor: int, place) -> None:
        note = events.delivered_note(self._driver_name(task))
        self.advance(S.DELIVERED, at, actor, note, (place.latitude, place.longitude))
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
            self._event(at, self.factory.cast.ops, events.document_move(current, target))
            current = shipment["document_status"] = target
