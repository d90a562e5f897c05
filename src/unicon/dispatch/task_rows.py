"""A driver's tasks as the API answers them (`schemas.DriverTaskOut`), read as plain values:
one query for the tasks (shipment, customer, tractor, trailer joined) and one for their stops,
no model instances (a driver's phone asks for its day often; instances and prefetching cost
more than the SQL)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db.models import Field, QuerySet

from unicon.core.rawrows import PreparedValues
from unicon.shipments.detail import STOP_FIELDS, pick
from unicon.shipments.models import Stop

#: {key in the answer: column} of a task, its shipment and customer, its tractor and trailer.
_TASK = {
    "public_id": "public_id",
    "status": "status",
    "sequence": "sequence",
    "planned_start": "planned_start",
    "planned_end": "planned_end",
    "instructions": "instructions",
    "started_at": "started_at",
    "completed_at": "completed_at",
}
_SHIPMENT = {
    "id": "shipment_id",
    "public_id": "shipment__public_id",
    "number": "shipment__number",
    "operation_status": "shipment__operation_status",
    "shipment_type": "shipment__shipment_type",
    "planned_start": "shipment__planned_start",
    "planned_end": "shipment__planned_end",
    "container_number": "shipment__container_number",
    "version": "shipment__version",
    "special_instructions": "shipment__special_instructions",
}
_CUSTOMER = {
    "public_id": "shipment__customer__public_id",
    "code": "shipment__customer__code",
    "name": "shipment__customer__name",
}
_VEHICLE = ("public_id", "plate", "vehicle_type", "status")
_STOP = STOP_FIELDS  # schemas.TaskStopOut


def _columns() -> list[str]:
    vehicles = [f"{role}__{name}" for role in ("tractor", "trailer") for name in _VEHICLE]
    return [*_TASK.values(), *_SHIPMENT.values(), *_CUSTOMER.values(), *vehicles]


def _vehicle(row: dict, role: str) -> dict | None:
    if row[f"{role}__public_id"] is None:
        return None
    return {name: row[f"{role}__{name}"] for name in _VEHICLE}


def _stop_values(tasks: QuerySet) -> QuerySet:
    """The stops of the shipments of `tasks`, by shipment and sequence."""
    return (
        Stop.objects.filter(shipment_id__in=tasks.values("shipment_id"))
        .order_by("shipment_id", "sequence")
        .values("shipment_id", *_STOP)
    )


def _nested(rows: list[dict], stop_rows: Iterable[dict]) -> list[dict]:
    stops: dict[int, list[dict]] = defaultdict(list)
    for stop in stop_rows:
        stops[stop.pop("shipment_id")].append(stop)
    answer = []
    for row in rows:
        shipment = pick(row, _SHIPMENT)
        shipment["customer"] = pick(row, _CUSTOMER)
        shipment["stops"] = stops[shipment.pop("id")]
        task = pick(row, _TASK)
        task.update(
            shipment=shipment, tractor=_vehicle(row, "tractor"), trailer=_vehicle(row, "trailer")
        )
        answer.append(task)
    return answer


def task_rows(tasks: QuerySet) -> list[dict]:
    """`tasks` (in their order) as nested dicts with the keys `DriverTaskOut` reads: two
    statements (the tasks, the stops of their shipments)."""
    rows = list(tasks.values(*_columns()))
    return _nested(rows, _stop_values(tasks) if rows else ())


class PreparedTasks:
    """`task_rows` of the tasks `build(*values)` selects, both statements compiled once per
    connection (`core.rawrows.PreparedValues`, whose `lookups` this takes)."""

    def __init__(self, build: Callable[..., QuerySet], lookups: Sequence[tuple[Field, Any]]):
        self._tasks = PreparedValues(lambda *values: build(*values).values(*_columns()), lookups)
        self._stops = PreparedValues(lambda *values: _stop_values(build(*values)), lookups)

    def rows(self, *values: Any) -> list[dict]:
        """The `task_rows` of the tasks selected by the lookup `values`."""
        rows = self._tasks.rows(*values)
        return _nested(rows, self._stops.rows(*values) if rows else ())
