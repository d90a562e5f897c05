"""Every day and moment a user can type has one range, 01/01/2000–31/12/2099 (`core.dates`):
users trying the system typed 0001-01-01, 9999-12-31, 31/12/99999 or year 1900 into the API,
the page forms, the list filters and the commands, and got server errors (OverflowError when
converting to Asia/Ho_Chi_Minh or adding days) or stored absurd values.

Out of the range is a 400 VALIDATION_ERROR naming the field (its path in the body, the query
parameter) in the reader's language, a form error or a message on the pages, a CommandError
on the command line — never a 500, and nothing is changed. A `…To` before its `…From` is
refused the same way. The OpenAPI document declares the range of every request date.
(Workbook cells: tests/dataio/test_import_dates_out_of_range.py; values already stored out of
the range: tests/web/test_stored_extreme_dates.py, tests/dataio/test_export_extreme_dates.py.)
"""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils.html import escape

from unicon.billing.models import Statement, Tariff
from unicon.billing.receivable_models import Payment, Receivable
from unicon.core import dates
from unicon.core.roles import Role
from unicon.costs.models import FuelLog, PurchaseInvoice, RepairLog
from unicon.fleet.models import Driver, LegalEntity, Vehicle, VehicleType
from unicon.shipments.models import Shipment

BAD_DAYS = ["0001-01-01", "1999-12-31", "2100-01-01", "9999-12-31", "10000-01-01", "31/12/99999"]
BAD_MOMENTS = [
    "0001-01-01T00:00:00",
    "1999-12-31T23:59:59",  # business time: the day before the range
    "2099-12-31T20:00:00Z",  # 01/01/2100 03:00 in Asia/Ho_Chi_Minh
    "2100-01-01T00:00:00",
    "9999-12-31T23:59:59",
    "9999-12-31T23:59:59Z",
    "10000-01-01T00:00:00",
]
RANGE_VI = "trong khoảng từ 01/01/2000 đến 31/12/2099"
RANGE_EN = "between 01/01/2000 and 31/12/2099"
ANY = "00000000-0000-4000-8000-000000000001"  # an id: the body is refused before it is looked up

SHIPMENT = {
    "plannedStart": "2026-12-01T08:00:00+07:00",
    "plannedEnd": "2026-12-01T18:00:00+07:00",
    "stops": [
        {"sequence": 1, "locationName": "Cảng Cát Lái"},
        {"sequence": 2, "locationName": "KCN VSIP 1"},
    ],
}
FUEL = {"vehicleId": ANY, "filledAt": "2026-12-01T08:00", "litres": "100", "unitPrice": 20000}
LINE = {"kind": "PART", "description": "Lốp", "quantity": "1", "unitPrice": 1000}
REPAIR = {"vehicleId": ANY, "repairedOn": "2026-12-01", "lines": [LINE]}
TARIFF = {"price": 1000000, "validFrom": "2026-01-01"}
OPENING = {"customerId": ANY, "month": "2026-01", "amount": 1000, "reference": "SỔ CŨ"}
VEHICLE = {"plate": "51C-555.55", "vehicleType": "TRACTOR"}
DRIVER = {"phone": "0901234567", "licenceExpiry": "2027-01-01"}

#: (method, path, a valid body, the path of the field given a bad value)
MOMENT_FIELDS = [
    ("POST", "/api/shipments", SHIPMENT, "plannedStart"),
    ("POST", "/api/shipments", SHIPMENT, "plannedEnd"),
    ("POST", "/api/shipments", SHIPMENT, "stops[0].plannedArrival"),
    ("POST", "/api/shipments", SHIPMENT, "stops[1].plannedDeparture"),
    ("PUT", f"/api/shipments/{ANY}", SHIPMENT, "plannedStart"),
    ("POST", "/api/dispatch/quick", {**SHIPMENT, "driverId": ANY, "tractorId": ANY}, "plannedEnd"),
    ("POST", f"/api/driver/tasks/{ANY}/stops/{ANY}/check-in", {}, "occurredAt"),
    ("POST", f"/api/driver/tasks/{ANY}/stops/{ANY}/check-out", {}, "occurredAt"),
    ("POST", "/api/fuel-logs", FUEL, "filledAt"),
    ("PUT", f"/api/fuel-logs/{ANY}", FUEL, "filledAt"),
]
DAY_FIELDS = [
    ("POST", "/api/repair-logs", REPAIR, "repairedOn"),
    ("POST", "/api/repair-logs", REPAIR, "nextServiceOn"),
    ("PATCH", f"/api/purchase-invoices/{ANY}", {}, "issueDate"),
    ("POST", "/api/billing/tariffs", TARIFF, "validFrom"),
    ("POST", "/api/billing/tariffs", TARIFF, "validTo"),
    ("POST", "/api/billing/statements", {"customerId": ANY}, "periodStart"),
    ("POST", "/api/billing/statements", {"customerId": ANY}, "periodEnd"),
    ("POST", "/api/billing/receivables", OPENING, "dueDate"),
    ("PUT", f"/api/billing/receivables/{ANY}/due-date", {}, "dueDate"),
    ("POST", "/api/vehicles", VEHICLE, "inspectionExpiry"),
    ("POST", "/api/vehicles", VEHICLE, "insuranceExpiry"),
    ("POST", "/api/vehicles", VEHICLE, "operationPermitExpiry"),
    ("POST", "/api/drivers", DRIVER, "licenceExpiry"),
    ("PUT", f"/api/drivers/{ANY}", DRIVER, "licenceExpiry"),
]
WRITTEN = (Shipment, Vehicle, Driver, FuelLog, RepairLog, Tariff, Statement, Receivable, Payment)


def _with(body: dict, path: str, value: str) -> dict:
    """`body` with the field at `path` (`stops[1].plannedDeparture`) set to `value`."""
    body = json.loads(json.dumps(body))
    target, *rest = path.replace("]", "").replace("[", ".").split(".")
    node = body
    while rest:
        node = node[int(target)] if isinstance(node, list) else node.setdefault(target, {})
        target, *rest = rest
    node[target] = value
    return body


def _counts() -> list[int]:
    return [model.objects.count() for model in WRITTEN]


def _refused(response, field: str) -> str:
    """The message of a 400 VALIDATION_ERROR whose details are exactly [message] on `field`."""
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR", error
    assert error["details"] == {field: [error["message"]]}, error
    return error["message"]


@pytest.fixture
def admin(login_as):
    return login_as(Role.ADMIN)


# --------------------------------------------------------------------------- API bodies


@pytest.mark.parametrize("value", BAD_MOMENTS)
@pytest.mark.parametrize(("method", "path", "body", "field"), MOMENT_FIELDS)
def test_a_moment_out_of_range_is_refused(admin, method, path, body, field, value):
    before = _counts()
    response = admin.request(method, path, _with(body, field, value))
    assert RANGE_VI in _refused(response, field)
    assert _counts() == before


@pytest.mark.parametrize("value", BAD_DAYS)
@pytest.mark.parametrize(("method", "path", "body", "field"), DAY_FIELDS)
def test_a_day_out_of_range_is_refused(admin, method, path, body, field, value):
    before = _counts()
    response = admin.request(method, path, _with(body, field, value))
    assert RANGE_VI in _refused(response, field)
    assert _counts() == before


def test_the_message_names_the_field_in_the_readers_language(admin):
    body = _with(SHIPMENT, "stops[0].plannedArrival", "9999-12-31T23:59:59")
    vietnamese = _refused(admin.post("/api/shipments", body), "stops[0].plannedArrival")
    assert vietnamese == f"Giờ đến dự kiến phải {RANGE_VI}."
    english = admin.post("/api/shipments", body, headers={"Accept-Language": "en"})
    assert _refused(english, "stops[0].plannedArrival") == f"Planned arrival must be {RANGE_EN}."


def test_every_field_out_of_range_is_named(admin):
    body = {**SHIPMENT, "plannedStart": "0001-01-01T00:00:00", "plannedEnd": "9999-12-31T00:00:00"}
    response = admin.post("/api/shipments", body)
    assert response.status_code == 400
    assert set(response.json()["error"]["details"]) == {"plannedStart", "plannedEnd"}


def test_the_first_and_last_day_are_accepted(admin):
    entity = LegalEntity.objects.create(code="UNI", name="Unicon")
    body = {
        **VEHICLE,
        "ownerId": str(entity.public_id),
        "inspectionExpiry": str(dates.FIRST_DAY),
        "insuranceExpiry": str(dates.LAST_DAY),
    }
    assert admin.post("/api/vehicles", body).status_code == 201, body
    vehicle = Vehicle.objects.get()
    assert (vehicle.inspection_expiry, vehicle.insurance_expiry) == (
        dt.date(2000, 1, 1),
        dt.date(2099, 12, 31),
    )


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "10000-01-01"])
def test_a_payments_day_out_of_range_is_refused(admin, make_customer, value):
    """`POST /api/billing/payments` takes its JSON in a multipart `payload` field."""
    customer = make_customer()
    body = {"customerId": str(customer.public_id), "paidOn": value, "amount": 1000}
    response = admin.client.post(
        "/api/billing/payments",
        {"payload": json.dumps({**body, "method": "BANK_TRANSFER"})},
        headers={"Authorization": f"Bearer {admin.token}"},
    )
    assert RANGE_VI in _refused(response, "paidOn")
    assert not Payment.objects.exists()


def test_an_opening_balance_month_out_of_range_is_refused(admin, make_customer):
    body = {**OPENING, "customerId": str(make_customer().public_id), "month": "9999-12"}
    assert RANGE_VI in _refused(admin.post("/api/billing/receivables", body), "month")
    assert not Receivable.objects.exists()


def _request_schemas(document: dict) -> list[dict]:
    """Every schema a request body or query parameter uses, with the schemas it refers to."""
    schemas = document["components"]["schemas"]
    found, todo = [], []
    for operation in (op for ops in document["paths"].values() for op in ops.values()):
        body = operation.get("requestBody", {}).get("content", {})
        todo += [media["schema"] for media in body.values()]
        todo += [p["schema"] for p in operation.get("parameters", [])]
    seen = set()
    while todo:
        schema = todo.pop()
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                todo.append(schemas[name])
            continue
        found.append(schema)
        todo += list(schema.get("properties", {}).values())
        todo += [s for key in ("anyOf", "allOf", "oneOf") for s in schema.get(key, [])]
        todo += [schema["items"]] if isinstance(schema.get("items"), dict) else []
    return found


def test_the_openapi_document_declares_the_range_of_every_request_date(client):
    document = client.get("/api/openapi.json").json()
    dated = [s for s in _request_schemas(document) if s.get("format") in ("date", "date-time")]
    assert len(dated) >= 25
    for schema in dated:
        assert schema["formatMinimum"].startswith("2000-01-01"), schema
        assert schema["formatMaximum"].startswith("2099-12-31"), schema


# --------------------------------------------------------------------------- API queries

#: (list or report, its day parameter)
DAY_PARAMETERS = [
    ("/api/shipments", "dateFrom"),
    ("/api/shipments", "dateTo"),
    ("/api/billing/invoices", "dateFrom"),
    ("/api/billing/statements", "periodFrom"),
    ("/api/billing/receivables", "dueTo"),
    ("/api/billing/payments", "dateFrom"),
    ("/api/billing/tariffs", "activeOn"),
    ("/api/fuel-logs", "dateFrom"),
    ("/api/repair-logs", "dateTo"),
    ("/api/purchase-invoices", "dateFrom"),
    ("/api/audit", "dateFrom"),
    ("/api/dispatch/board", "from"),
    ("/api/dispatch/board", "date"),
    ("/api/dispatch/waiting", "from"),
    ("/api/dispatch/availability", "date"),
    ("/api/dispatch/crew", "date"),
    ("/api/dispatch/tasks", "date"),
    ("/api/driver/tasks", "date"),
    ("/api/kpi", "dateFrom"),
    ("/api/costs/margins", "dateFrom"),
    ("/api/billing/aging", "asOf"),
    (f"/api/billing/customers/{ANY}/account", "start"),
]


@pytest.mark.parametrize("value", BAD_DAYS)
@pytest.mark.parametrize(("path", "name"), DAY_PARAMETERS)
def test_a_day_parameter_out_of_range_is_refused(admin, path, name, value):
    params = {name: value}
    if path == "/api/costs/margins":
        params["dateTo"] = "2026-01-31"
    response = admin.get(path, params)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert list(error["details"]) == [name], error
    assert RANGE_VI in error["details"][name][0] or RANGE_VI in error["message"], error


#: (list or report, its start parameter, its end parameter)
PERIODS = [
    ("/api/shipments", "dateFrom", "dateTo"),
    ("/api/billing/invoices", "dateFrom", "dateTo"),
    ("/api/billing/statements", "periodFrom", "periodTo"),
    ("/api/billing/receivables", "dueFrom", "dueTo"),
    ("/api/billing/payments", "dateFrom", "dateTo"),
    ("/api/fuel-logs", "dateFrom", "dateTo"),
    ("/api/repair-logs", "dateFrom", "dateTo"),
    ("/api/purchase-invoices", "dateFrom", "dateTo"),
    ("/api/audit", "dateFrom", "dateTo"),
    ("/api/kpi", "dateFrom", "dateTo"),
    ("/api/costs/margins", "dateFrom", "dateTo"),
]


@pytest.mark.parametrize(("path", "start", "end"), PERIODS)
def test_an_end_before_the_start_is_refused(admin, path, start, end):
    response = admin.get(path, {start: "2026-03-10", end: "2026-03-01"})
    assert response.status_code == 400, response.content
    details = response.json()["error"]["details"]
    assert details == {end: ["Ngày kết thúc trước ngày bắt đầu."]}, details
    same_day = admin.get(path, {start: "2026-03-10", end: "10/03/2026"})
    assert same_day.status_code == 200, same_day.content


def test_a_statement_of_account_ending_before_it_starts_is_refused(admin, make_customer):
    path = f"/api/billing/customers/{make_customer().public_id}/account"
    response = admin.get(path, {"start": "2026-03-10", "end": "2026-03-01"})
    assert _refused(response, "end") == "Ngày kết thúc trước ngày bắt đầu."


# --------------------------------------------------------------------------- pages


@pytest.fixture
def entity():
    return LegalEntity.objects.create(code="UNI", name="Unicon")


@pytest.fixture
def tractor(entity):
    return Vehicle.objects.create(plate="51C55501", vehicle_type=VehicleType.TRACTOR, owner=entity)


def _shipment_form(customer, **extra) -> dict:
    return {
        "customer_id": str(customer.public_id),
        "priority": "NORMAL",
        "planned_start": "2026-12-01T08:00",
        "planned_end": "2026-12-01T18:00",
        "stop_count": "2",
        "op": "save",
        "stop-0-location_name": "Cảng Cát Lái",
        "stop-1-location_name": "KCN VSIP 1",
        **extra,
    }


def _repair_form(tractor, **extra) -> dict:
    return {
        "vehicle": str(tractor.public_id),
        "repaired_on": "2026-01-05",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-kind": "PART",
        "lines-0-description": "Lốp",
        "lines-0-quantity": "1",
        "lines-0-unit_price": "1000",
        **extra,
    }


#: (role, page, what a form needs → the form, the field given a bad value, its label in
#: Vietnamese); a field named in MOMENTS takes a date and a time
MOMENTS = {"planned_start", "planned_end", "stop-1-planned_arrival", "filled_at"}
FORMS = [
    (
        Role.OPS,
        "/ops/shipments/new/",
        lambda f: _shipment_form(f["customer"]),
        "planned_start",
        "Bắt đầu dự kiến",
    ),
    (
        Role.OPS,
        "/ops/shipments/new/",
        lambda f: _shipment_form(f["customer"]),
        "stop-1-planned_arrival",
        "Giờ đến dự kiến",
    ),
    (
        Role.DISPATCHER,
        "/dispatcher/quick/",
        lambda f: {**_shipment_form(f["customer"]), "driver_id": ANY, "tractor_id": ANY},
        "planned_end",
        "Kết thúc dự kiến",
    ),
    (
        Role.OPS,
        "/resources/vehicles/new/",
        lambda f: {
            "plate": "51C-555.02",
            "vehicle_type": "TRACTOR",
            "ownership": "OWN",
            "owner_id": str(f["entity"].public_id),
            "status": "IN_USE",
        },
        "inspection_expiry",
        "Đăng kiểm có hiệu lực đến",
    ),
    (
        Role.OPS,
        "/resources/drivers/new/",
        lambda f: {
            "email": "tai.xe@example.com",
            "full_name": "Nguyễn Văn Tài",
            "phone": "0901234567",
            "licence_class": "FC",
            "status": "ACTIVE",
        },
        "licence_expiry",
        "Hạn bằng lái",
    ),
    (
        Role.ACCOUNTING,
        "/costs/fuel/new/",
        lambda f: {"vehicle": str(f["tractor"].public_id), "litres": "100", "unit_price": "20000"},
        "filled_at",
        "Thời điểm đổ",
    ),
    (
        Role.ACCOUNTING,
        "/costs/repairs/new/",
        lambda f: _repair_form(f["tractor"]),
        "repaired_on",
        "Ngày",
    ),
    (
        Role.ACCOUNTING,
        "/costs/repairs/new/",
        lambda f: _repair_form(f["tractor"]),
        "next_service_on",
        "Ngày bảo dưỡng tiếp theo",
    ),
    (
        Role.ACCOUNTING,
        "/accounting/tariffs/",
        lambda f: {"price": "1000000", "vat_rate": "8", "valid_from": "2026-01-01"},
        "valid_to",
        "Hiệu lực đến",
    ),
    (
        Role.ACCOUNTING,
        "/accounting/payments/",
        lambda f: {
            "customer_id": str(f["customer"].public_id),
            "amount": "1000",
            "method": "BANK_TRANSFER",
        },
        "paid_on",
        "Ngày thanh toán",
    ),
    (
        Role.ACCOUNTING,
        "/accounting/receivables/",
        lambda f: {
            "customer_id": str(f["customer"].public_id),
            "month": "2026-01",
            "amount": "1000",
            "reference": "SỔ CŨ",
        },
        "due_date",
        "Hạn thanh toán",
    ),
]


@pytest.fixture
def needs(make_customer, entity, tractor) -> dict:
    return {"customer": make_customer(), "entity": entity, "tractor": tractor}


@pytest.mark.parametrize("value", ["0001-01-01", "31/12/1999", "2100-01-01", "31/12/99999"])
@pytest.mark.parametrize(("role", "page", "form", "field", "label"), FORMS)
def test_a_page_form_refuses_a_day_out_of_range(web, needs, role, page, form, field, label, value):
    if field in MOMENTS:  # as the browser's picker (ISO) or a person (dd/mm/yyyy HH:mm) types it
        value = f"{value} 08:00" if "/" in value else f"{value}T08:00"
    before = _counts()
    response = web(role).post(page, {**form(needs), field: value}, follow=True)
    assert response.status_code in (200, 400)
    assert escape(f"{label} phải {RANGE_VI}.") in response.content.decode()
    assert _counts() == before


def test_the_form_fields_give_the_browser_the_range(web):
    html = web(Role.OPS).get("/ops/shipments/new/").content.decode()
    assert 'min="2000-01-01T00:00"' in html and 'max="2099-12-31T23:59"' in html
    html = web(Role.OPS).get("/resources/vehicles/new/").content.decode()
    assert 'min="2000-01-01"' in html and 'max="2099-12-31"' in html


def test_the_invoice_date_of_a_purchase_invoice_page(web, make_user):
    invoice = PurchaseInvoice.objects.create(source="SCAN", created_by=make_user(Role.ACCOUNTING))
    response = web(Role.ACCOUNTING).post(
        f"/costs/invoices/{invoice.public_id}/", {"issue_date": "9999-12-31"}
    )
    assert response.status_code in (200, 400)
    assert escape(f"Ngày hóa đơn phải {RANGE_VI}.") in response.content.decode()
    invoice.refresh_from_db()
    assert invoice.issue_date is None


def test_a_statement_period_out_of_range_is_said_and_nothing_built(web, make_customer):
    customer = make_customer()
    form = {"customer_id": str(customer.public_id), "period_start": "0001-01-01"}
    response = web(Role.ACCOUNTING).post("/accounting/statements/", form, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Từ ngày phải {RANGE_VI}." in html and "period_start:" not in html
    assert not Statement.objects.exists()


#: (role, page, its day parameter) — list filters and pages showing a chosen day
DAY_PAGES = [
    (Role.OPS, "/ops/shipments/", "dateFrom"),
    (Role.OPS, "/ops/shipments/", "dateTo"),
    (Role.ACCOUNTING, "/accounting/debts/", "i_dateFrom"),
    (Role.ACCOUNTING, "/accounting/debts/", "s_periodFrom"),
    (Role.ACCOUNTING, "/accounting/receivables/", "r_dueFrom"),
    (Role.ACCOUNTING, "/accounting/payments/", "dateFrom"),
    (Role.ACCOUNTING, "/accounting/tariffs/", "activeOn"),
    (Role.ACCOUNTING, "/costs/fuel/", "dateFrom"),
    (Role.ACCOUNTING, "/costs/repairs/", "dateTo"),
    (Role.ACCOUNTING, "/costs/invoices/", "dateFrom"),
    (Role.ACCOUNTING, "/costs/margins/", "date_from"),
    (Role.ADMIN, "/audit/", "dateFrom"),
    (Role.OPS, "/dashboard/", "date_from"),
    (Role.DISPATCHER, "/dispatcher/", "from"),
    (Role.DISPATCHER, "/dispatcher/quick/", "date"),
    (Role.ADMIN, "/driver/", "date"),
]


@pytest.mark.parametrize("value", BAD_DAYS)
@pytest.mark.parametrize(("role", "page", "name"), DAY_PAGES)
def test_a_page_parameter_out_of_range_is_said_on_the_page(web, role, page, name, value):
    response = web(role).get(page, {name: value})
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert RANGE_VI in html, (page, name)
    assert f"{name}:" not in html  # the parameter's human name, never its key


def test_a_statement_of_account_page_out_of_range(web, make_customer):
    customer = make_customer()
    page = f"/accounting/customers/{customer.public_id}/account/"
    html = web(Role.ACCOUNTING).get(page, {"start": "9999-12-31"}).content.decode()
    assert escape(f"Từ ngày phải {RANGE_VI}.") in html
    html = web(Role.ACCOUNTING).get(page, {"start": "2026-03-10", "end": "2026-03-01"})
    assert "Ngày kết thúc trước ngày bắt đầu." in html.content.decode()


@pytest.mark.parametrize(
    ("page", "start", "end"),
    [
        ("/ops/shipments/", "dateFrom", "dateTo"),
        ("/costs/fuel/", "dateFrom", "dateTo"),
        ("/audit/", "dateFrom", "dateTo"),
    ],
)
def test_a_page_filter_ending_before_it_starts(web, page, start, end):
    response = web(Role.ADMIN).get(page, {start: "10/03/2026", end: "01/03/2026"})
    assert response.status_code in (200, 400)
    assert "Ngày kết thúc trước ngày bắt đầu." in response.content.decode()


# --------------------------------------------------------------------------- commands


@pytest.mark.parametrize("value", ["0001-01-01", "2100-01-01", "9999-12-31", "31/12/99999"])
@pytest.mark.parametrize(
    "command",
    [
        ["mark_overdue", "--date"],
        ["billing_reminders", "--dry-run", "--date"],
        ["export_audit", "--since"],
        ["export_audit", "--until"],
    ],
)
def test_a_command_refuses_a_day_out_of_range(command, value):
    option = command[-1]
    with pytest.raises(CommandError, match=f"{option} must be {RANGE_EN}"):
        call_command(*command, value, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.parametrize("command", ["list_old_pods", "archive_pods", "archive_old_data"])
def test_a_command_refuses_an_age_beyond_the_range(command):
    with pytest.raises(CommandError, match="--days must be from"):
        call_command(command, "--days", "999999999", stdout=io.StringIO(), stderr=io.StringIO())


def test_a_command_still_takes_a_day_in_the_range():
    out = io.StringIO()
    call_command("mark_overdue", "--date", "31/12/2099", stdout=out)
    assert "marked overdue" in out.getvalue()
