"""The shipment editor shared by ops (create/edit), customers (request) and quick dispatch.

Stops are rows `stop-<i>-<field>`; the buttons "add", "remove-<i>", "up-<i>", "down-<i>" and
"template" re-render the form (nothing saved) so it works without JavaScript; "save" hands the
data to `shipments.services.create_shipment` / `update_shipment` — every rule lives there.
"""

from django.utils.translation import gettext as _

from unicon.core.permissions import has_role
from unicon.core.roles import is_customer
from unicon.customers import policies as customer_policies
from unicon.customers import services as customer_services
from unicon.customers.models import CustomerStatus
from unicon.shipments import stop_templates
from unicon.shipments.models import MAX_STOPS, ContainerType, Priority, StopType
from unicon.web.common import parse_local
from unicon.web.templatetags.web_format import inputdt

STOP_FIELDS = (
    "location_id",
    "location_name",
    "stop_type",
    "category",
    "label",
    "planned_arrival",
    "planned_departure",
)
SCALARS = (
    "customer_id",
    "shipment_type",
    "priority",
    "planned_start",
    "planned_end",
    "container_number",
    "container_type",
    "booking_number",
    "bill_of_lading",
    "special_instructions",
)


def empty_stop() -> dict:
    return dict.fromkeys(STOP_FIELDS, "")


def template_rows(user, code: str, customer_id=None) -> list[dict]:
    """The stops of template `code` as editor rows (the customer's own required photos)."""
    for template in stop_templates.list_stop_templates(
        user, None if is_customer(user) else customer_id
    ):
        if template.code == code:
            return [
                {**empty_stop(), "stop_type": s.stop_type, "category": s.category, "label": s.label}
                for s in template.stops.all()
            ]
    return []


def rows_from_shipment(shipment) -> list[dict]:
    return [
        {
            "location_id": str(s.location.public_id) if s.location_id else "",
            "location_name": s.location_name,
            "stop_type": s.stop_type,
            "category": s.category,
            "label": s.label,
            "planned_arrival": inputdt(s.planned_arrival),
            "planned_departure": inputdt(s.planned_departure),
        }
        for s in shipment.stops.all()
    ]


def values_from_shipment(shipment) -> dict:
    return {
        "customer_id": str(shipment.customer.public_id),
        "shipment_type": shipment.shipment_type,
        "priority": shipment.priority,
        "planned_start": inputdt(shipment.planned_start),
        "planned_end": inputdt(shipment.planned_end),
        "container_number": shipment.container_number,
        "container_type": shipment.container_type,
        "booking_number": shipment.booking_number,
        "bill_of_lading": shipment.bill_of_lading,
        "special_instructions": shipment.special_instructions,
        "version": shipment.version,
    }


def read_post(post) -> tuple[dict, list[dict]]:
    values = {name: post.get(name, "").strip() for name in SCALARS}
    values["version"] = post.get("version", "")
    try:  # one row more than allowed reaches the service, which refuses it with its message
        count = min(int(post.get("stop_count", "0")), MAX_STOPS + 1)
    except ValueError:
        count = 0
    rows = [
        {field: post.get(f"stop-{i}-{field}", "").strip() for field in STOP_FIELDS}
        for i in range(count)
    ]
    return values, rows


def apply_edit_action(user, action: str, values: dict, rows: list[dict]) -> list[dict]:
    """Add/remove/move a stop row or load the chosen template's stops."""
    if action == "add" and len(rows) < MAX_STOPS:
        return [*rows, empty_stop()]
    if action == "template":
        loaded = template_rows(user, values.get("shipment_type", ""), values.get("customer_id"))
        return loaded or rows
    name, _sep, index = action.partition("-")
    if not index.isdigit() or int(index) >= len(rows):
        return rows
    i = int(index)
    rows = list(rows)
    if name == "remove":
        rows.pop(i)
    elif name == "up" and i > 0:
        rows[i - 1], rows[i] = rows[i], rows[i - 1]
    elif name == "down" and i < len(rows) - 1:
        rows[i + 1], rows[i] = rows[i], rows[i + 1]
    return rows


def service_data(values: dict, rows: list[dict]) -> dict:
    """The dict `create_shipment` / `update_shipment` take (snake_case keys)."""
    data = {k: v for k, v in values.items() if k in SCALARS}
    data["planned_start"] = parse_local(values.get("planned_start"))
    data["planned_end"] = parse_local(values.get("planned_end"))
    stops = []
    for index, row in enumerate(rows):
        stop = {
            k: v for k, v in row.items() if v and k not in ("planned_arrival", "planned_departure")
        }
        stop["sequence"] = index + 1
        stop["planned_arrival"] = parse_local(row.get("planned_arrival"))
        stop["planned_departure"] = parse_local(row.get("planned_departure"))
        stops.append(stop)
    data["stops"] = stops
    return data


def stop_errors(errors: dict, count: int) -> list[dict]:
    """Per-row error lists: `stops[2].locationName` → rows[2]["locationName"]."""
    result: list[dict] = [{} for _ in range(count)]
    for key, messages in errors.items():
        if not key.startswith("stops["):
            continue
        index, _sep, field = key[6:].partition("].")
        if index.isdigit() and int(index) < count:
            result[int(index)][field or "row"] = messages
    return result


def context(user, values: dict, rows: list[dict], errors: dict | None = None) -> dict:
    """Everything the editor template needs (choices from the same services as the API)."""
    errors = errors or {}
    internal = not is_customer(user)
    customers = []
    if internal and has_role(user, customer_policies.CUSTOMER_READERS):
        customers = customer_services.list_customers(
            user, status=CustomerStatus.ACTIVE, limit=200
        ).items
    locations = [
        loc for loc in customer_services.list_locations(user, limit=200).items if loc.is_active
    ]
    row_errors = stop_errors(errors, len(rows))
    return {
        "values": values,
        "rows": [
            {"index": i, "data": row, "errors": row_errors[i], "last": i == len(rows) - 1}
            for i, row in enumerate(rows)
        ],
        "stop_count": len(rows),
        "errors": errors,
        "internal": internal,
        "customers": customers,
        "locations": locations,
        "templates": stop_templates.list_stop_templates(user),
        "priorities": Priority.choices,
        "container_types": ContainerType.choices,
        "stop_types": StopType.choices,
        "stops_error": errors.get("stops"),
        "no_stops_text": _("No stops yet."),
    }
