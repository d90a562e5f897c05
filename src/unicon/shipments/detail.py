"""Loading one shipment with everything its detail shows (customer, creator, stops with their
locations), for reading or locked for a write. Visibility is the caller's: every function
takes the queryset of the shipments the user may see."""

from functools import cache

from django.db.models import Prefetch, QuerySet

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
_CUSTOMER = {"customer__public_id": "public_id", "customer__code": "code", "customer__name": "name"}


@cache
def list_row_base() -> QuerySet:
    """All shipments as the dicts a list row shows (no model instances; ~3× cheaper per row),
    to filter further: built once, because resolving the row's 20 columns costs ~0.2 ms a
    request (the QuerySet is never evaluated; each use starts from a copy)."""
    return Shipment.objects.values(*LIST_FIELDS, *_CUSTOMER)


def nest_customer(row: dict) -> dict:
    """A `list_row_base` row with its customer as {"public_id", "code", "name"}."""
    row["customer"] = {key: row.pop(column) for column, key in _CUSTOMER.items()}
    return row
