"""Loading one shipment with everything its detail shows (customer, creator, stops with their
locations), for reading or locked for a write. Visibility is the caller's: every function
takes the queryset of the shipments the user may see."""

import uuid
from functools import cache
from typing import Any

from django.db.models import Prefetch, QuerySet

from unicon.core.rawrows import PreparedValues
from unicon.shipments.models import Shipment, Stop


def with_detail(visible: QuerySet[Shipment]) -> QuerySet[Shipment]:
    """`visible` with customer, creator and stops (with locations): one query plus the
    stops."""
    return visible.select_related("customer", "created_by").prefetch_related(
        Prefetch("stops", queryset=Stop.objects.select_related("location"))
    )


def lock_with_stops(visible: QuerySet[Shipment], public_id) -> Shipment | None:
    """The shipment `public_id` of `visible`, locked (FOR UPDATE of its row only), with what
    `with_detail` loads (see `load_with_stops`). None if not in `visible`."""
    return load_with_stops(visible, public_id, lock=True)


def load_with_stops(visible: QuerySet[Shipment], public_id, *, lock: bool = False):
    """The shipment `public_id` of `visible` with what `with_detail` loads, in ONE query: its
    stops are the rows, each joined to the shipment, customer, creator and location (a
    shipment without stops takes the usual two). `lock`: FOR UPDATE of the shipment's row
    only. None if not in `visible`."""
    rows = Stop.objects.filter(shipment__public_id=public_id)
    if visible.query.has_filters():  # staff see every shipment: no subquery to compile
        rows = rows.filter(shipment__in=visible.filter(public_id=public_id).values("pk"))
    rows = rows.select_related("shipment__customer", "shipment__created_by", "location")
    rows = rows.order_by("sequence")
    rows = list(rows.select_for_update(of=("shipment",)) if lock else rows)
    if not rows:
        found = with_detail(visible).filter(public_id=public_id)
        return (found.select_for_update(of=("self",)) if lock else found).first()
    shipment = rows[0].shipment
    for stop in rows:
        stop.shipment = shipment
    stops = shipment.stops.all()  # not run: filled as prefetch_related fills it
    stops._result_cache, stops._prefetch_done = rows, True
    shipment._prefetched_objects_cache = {"stops": stops}
    return shipment


#: The columns of a shipment list row (`schemas.ShipmentListOut`), read as values, not models.
LIST_FIELDS = (
    "id",
    "public_id",
    "number",
    "shipment_type",
    "operation_status",
    "document_status",
    "financial_status",
    "priority",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "container_number",
    "container_type",
    "booking_number",
    "created_by_customer",
    "review_status",
    "review_note",
    "version",
)


def related_columns(path: str, keys: tuple[str, ...]) -> dict[str, str]:
    """{key: its `values()` column through `path`}, e.g. {"code": "customer__code"}."""
    return {key: f"{path}__{key}" for key in keys}


def pick(row: dict, columns: dict[str, str]) -> dict:
    """{key: the value of its column in `row`} (`columns` as `related_columns` gives them)."""
    return {key: row[column] for key, column in columns.items()}


_CUSTOMER = related_columns("customer", ("public_id", "code", "name"))


@cache
def list_row_base() -> QuerySet:
    """All shipments as the dicts a list row shows (no model instances; ~3× cheaper per row),
    to filter further: built once, because resolving the row's 20 columns costs ~0.2 ms a
    request (the QuerySet is never evaluated; each use starts from a copy)."""
    return Shipment.objects.values(*LIST_FIELDS, *_CUSTOMER.values())


def nest_customer(row: dict) -> dict:
    """A `list_row_base` row with its customer as {"public_id", "code", "name"}."""
    row["customer"] = {key: row.pop(column) for key, column in _CUSTOMER.items()}
    return row


#: The columns of a stop (`schemas.StopOut`, the driver's `dispatch.schemas.TaskStopOut`), its
#: location's and its check-in/out positions apart.
STOP_FIELDS = (
    "public_id",
    "sequence",
    "category",
    "stop_type",
    "label",
    "location_name",
    "address",
    "contact_person",
    "contact_phone",
    "planned_arrival",
    "planned_departure",
    "actual_arrival",
    "actual_departure",
    "required_photos",
    "instructions",
)
STOP_POSITION_FIELDS = (
    "arrival_latitude",
    "arrival_longitude",
    "departure_latitude",
    "departure_longitude",
)
_SHIPMENT_COLUMNS = tuple(f.attname for f in Shipment._meta.concrete_fields)
_RELATED = {
    "customer": _CUSTOMER,
    "created_by": related_columns("created_by", ("public_id", "full_name")),
}
_STOP = related_columns("stops", (*STOP_FIELDS, *STOP_POSITION_FIELDS))
_LOCATION = related_columns("stops__location", ("public_id", "name", "kind"))


def _detail_values(shipments: QuerySet[Shipment]) -> QuerySet:
    """One row per stop (one with empty stop columns for a shipment without stops): every
    column of the shipment, its customer, creator, and each stop with its location."""
    related = [column for columns in _RELATED.values() for column in columns.values()]
    return shipments.values(
        *_SHIPMENT_COLUMNS, *related, *_STOP.values(), *_LOCATION.values()
    ).order_by("stops__sequence")


_ANY_SHIPMENT = PreparedValues(
    lambda public_id: _detail_values(Shipment.objects.filter(public_id=public_id)),
    [(Shipment._meta.get_field("public_id"), uuid.UUID(int=0))],
)


def detail_rows(visible: QuerySet[Shipment], public_id) -> list[dict[str, Any]]:
    """The rows of `_detail_values` for the shipment `public_id` of `visible` (none if it is
    not there). One statement; for staff (who see every shipment) it is compiled once."""
    if not visible.query.has_filters():
        return _ANY_SHIPMENT.rows(public_id)
    mine = visible.filter(public_id=public_id).values("pk")
    return list(_detail_values(Shipment.objects.filter(public_id=public_id, pk__in=mine)))


def detail_body(rows: list[dict[str, Any]]) -> tuple[Shipment, dict[str, Any]]:
    """From `detail_rows`: the shipment (an instance of its own columns, for the policies) and
    the detail's body as a dict (`schemas.ShipmentOut`'s names, without the permissions)."""
    first = rows[0]
    shipment = Shipment.from_db(
        Shipment.objects.db, _SHIPMENT_COLUMNS, [first[c] for c in _SHIPMENT_COLUMNS]
    )
    body = {name: first[name] for name in _SHIPMENT_COLUMNS}
    for name, columns in _RELATED.items():
        related = pick(first, columns)
        body[name] = related if related["public_id"] is not None else None
    body["stops"] = [_stop(row) for row in rows if row[_STOP["public_id"]] is not None]
    return shipment, body


def _stop(row: dict[str, Any]) -> dict[str, Any]:
    stop = pick(row, _STOP)
    location = pick(row, _LOCATION)
    stop["location"] = location if location["public_id"] is not None else None
    return stop
