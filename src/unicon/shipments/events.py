"""The lines of a shipment's history, built in one place.

Each builder returns the fields of one `ShipmentEvent` besides the shipment, the actor, the
stop and the times: `kind`, `note`, `data` (a JSON-able dict), `position` (None or
(latitude, longitude)) and, for status moves, `from_status` / `to_status` — the keyword
arguments of `shipments.services.append_event`. The dispatch services write them through
`append_event`; the benchmark data generator (`runbook.datagen`) turns them into table rows
with `as_row`. So a generated history says what the services would have written for the same
moves (tests/runbook/test_generated_events.py replays one and compares them field by field).

Notes the system writes are `notes.Note`s: stored as message id + parameters and translated
when shown, so a history reads in each reader's language (`notes.note_text`).
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext_noop

from unicon.core.geo import position_pair
from unicon.shipments import notes
from unicon.shipments.models import EventKind
from unicon.shipments.notes import Note

Fields = dict[str, Any]


def created(status: str) -> Fields:
    """The first line: the shipment exists, in `status` (its note is translated when shown)."""
    return {
        "kind": EventKind.OPERATION_STATUS,
        "to_status": status,
        "note": gettext_noop("Shipment created."),
    }


def status_move(current: str, target: str, note: str = "", position=None) -> Fields:
    """One operation-status move `current` → `target` (`position`: where, if known)."""
    return {
        "kind": EventKind.OPERATION_STATUS,
        "from_status": current,
        "to_status": target,
        "note": note,
        "position": position,
    }


def document_move(current: str, target: str, note: str = "") -> Fields:
    """One document-status move `current` → `target`."""
    return {
        "kind": EventKind.DOCUMENT_STATUS,
        "from_status": current,
        "to_status": target,
        "note": note,
    }


def crew_text(driver: str, tractor: str, trailer: str | None = None) -> Note:
    """ "driver X, tractor 51C-123.45[, trailer …]" (names and written plates) for notes."""
    if trailer is None:
        return Note(
            gettext_noop("driver %(driver)s, tractor %(tractor)s"), driver=driver, tractor=tractor
        )
    return Note(
        gettext_noop("driver %(driver)s, tractor %(tractor)s, trailer %(trailer)s"),
        driver=driver,
        tractor=tractor,
        trailer=trailer,
    )


def assignment(
    *,
    task: object,
    driver: object,
    tractor: str,
    trailer: str | None,
    previous_task: object | None,
    crew: str,
    reassigned: bool = False,
) -> Fields:
    """The ASSIGNMENT line of a (re-)dispatch: `task`, `driver`, `previous_task` public ids,
    `tractor` / `trailer` plates as stored, `crew` the `crew_text` of the new crew."""
    note = (
        gettext_noop("Re-assigned to %(what)s.")
        if reassigned
        else gettext_noop("Assigned %(what)s.")
    )
    return {
        "kind": EventKind.ASSIGNMENT,
        "note": Note(note, what=crew),
        "data": {
            "task": str(task),
            "driver": str(driver),
            "tractor": tractor,
            "trailer": trailer,
            "previousTask": str(previous_task) if previous_task else None,
        },
    }


def dispatched_note(crew: str) -> Note:
    """The note of the PENDING → DISPATCHED move that follows a first assignment."""
    return Note(gettext_noop("Assigned %(what)s."), what=crew)


def trip_started_note(driver: str) -> Note:
    """The note of the DISPATCHED → IN_TRANSIT move made by the trip's start."""
    return Note(gettext_noop("Trip started by %(driver)s."), driver=driver)


def delivered_note(driver: str) -> Note:
    """The note of the IN_TRANSIT → DELIVERED move made by the last check-out."""
    return Note(gettext_noop("Last stop done by %(driver)s."), driver=driver)


def stop_visit(
    kind: str,
    *,
    stop: object,
    sequence: int,
    task: object,
    place: str,
    position=None,
    note: str = "",
) -> Fields:
    """A CHECK_IN or CHECK_OUT line at the stop `stop` (public id, `sequence`, named `place`)
    of the task `task`; `note` the driver's, else "Arrived at …" / "Left …"."""
    if not note:
        arrived = kind == EventKind.CHECK_IN
        default = (
            gettext_noop("Arrived at %(name)s.") if arrived else gettext_noop("Left %(name)s.")
        )
        note = Note(default, name=place)
    return {
        "kind": kind,
        "note": note,
        "data": {"stop": str(stop), "sequence": sequence, "task": str(task)},
        "position": position,
    }


def as_row(fields: Fields) -> dict[str, Any]:
    """`fields` as columns of the event table: `position` as latitude/longitude, `data` as
    JSON text, absent statuses and notes as empty strings (the model's defaults)."""
    row = dict(fields)
    latitude, longitude = position_pair(row.pop("position", None))
    note, data = notes.stored(row.get("note"), row.get("data"))
    row.update(
        latitude=latitude,
        longitude=longitude,
        data=json.dumps(data),
        note=note,
        from_status=row.get("from_status", ""),
        to_status=row.get("to_status", ""),
    )
    return row
