"""The KPI dashboard (API and page) over shipments, stops and driver tasks."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from unicon.core.roles import Role
from unicon.dispatch.models import DriverTask, TaskStatus
from unicon.fleet.models import VehicleType
from unicon.shipments.models import DocumentStatus, OperationStatus, Shipment, Stop

DAY = dt.date(2026, 3, 10)


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def history(make_customer, make_vehicle, make_driver):
    """Three shipments on DAY (two delivered: one on time, one late), one the day after,
    one outside the range; one tractor with two trips, one idle tractor."""
    big, small = make_customer(code="BIG"), make_customer(code="SMALL")
    tractor, idle = make_vehicle(VehicleType.TRACTOR), make_vehicle(VehicleType.TRACTOR)
    driver = make_driver()
    made = []
    specs = [
        (big, DAY, OperationStatus.DELIVERED, 9, 16),  # on time (window ends at 17:00)
        (big, DAY, OperationStatus.DELIVERED, 18, 20),  # late arrival and late delivery
        (small, DAY, OperationStatus.PENDING, None, None),
        (big, DAY + dt.timedelta(days=1), OperationStatus.CANCELLED, None, None),
        (big, DAY + dt.timedelta(days=30), OperationStatus.PENDING, None, None),
    ]
    for n, (customer, day, status, arrived, left) in enumerate(specs):
        shipment = Shipment.objects.create(
            number=f"SHP-2026-9{n:03d}",
            customer=customer,
            planned_start=at(day, 8),
            planned_end=at(day, 17),
            operation_status=status,
            actual_end=at(day, left) if status == OperationStatus.DELIVERED else None,
            document_status=DocumentStatus.DOC_PENDING if n == 0 else DocumentStatus.DOC_RECEIVED,
        )
        for sequence in (1, 2):
            Stop.objects.create(
                shipment=shipment,
                sequence=sequence,
                stop_type="PICKUP" if sequence == 1 else "DROPOFF",
                location_name=f"Stop {sequence}",
                planned_arrival=at(day, 8),
                planned_departure=at(day, 17),
                actual_arrival=at(day, arrived) if arrived else None,
                actual_departure=at(day, left) if left else None,
            )
        made.append(shipment)
    for shipment in made[:2]:
        DriverTask.objects.create(
            shipment=shipment,
            driver=driver,
            tractor=tractor,
            status=TaskStatus.COMPLETED,
            planned_start=shipment.planned_start,
            planned_end=shipment.planned_end,
        )
    return {"tractor": tractor, "idle": idle, "big": big, "driver": driver}


def test_kpi_api(history, login_as):
    client = login_as(Role.ACCOUNTING)
    response = client.get("/api/kpi", {"dateFrom": "2026-03-10", "dateTo": "2026-03-20"})
    assert response.status_code == 200, response.content
    body = response.json()
    shipments = body["shipments"]
    assert shipments["total"]["count"] == 4
    by_status = {f["listUrl"].split("status=")[1]: f["count"] for f in shipments["byStatus"]}
    assert by_status == {
        "DRAFT": 0,
        "PENDING": 1,
        "DISPATCHED": 0,
        "IN_TRANSIT": 0,
        "DELIVERED": 2,
        "CANCELLED": 1,
    }
    assert shipments["perDay"][:2] == [
        {"date": "2026-03-10", "count": 3},
        {"date": "2026-03-11", "count": 1},
    ]
    assert body["onTime"]["firstStop"] == {"measured": 2, "onTime": 1, "rate": 0.5}
    assert body["onTime"]["lastStop"] == {"measured": 2, "onTime": 1, "rate": 0.5}
    fleet = body["fleet"]
    assert fleet["trips"] == 2 and fleet["tractorsInService"] == 2
    assert fleet["tripsPerTractorPerDay"] == round(2 / 2 / 11, 2)
    assert fleet["idleTractors"] == [history["idle"].plate]
    assert fleet["topTractors"] == [{"plate": history["tractor"].plate, "trips": 2}]
    docs = body["documents"]
    assert docs["delivered"] == 2 and docs["podComplete"] == 2 and docs["late"] == 1
    assert body["topCustomers"][0]["count"] == 3
    # the link of a figure lists exactly what it counts
    url = shipments["byStatus"][4]["listUrl"]
    listed = client.get(url).json()["items"]
    assert len(listed) == 2 and {s["operationStatus"] for s in listed} == {"DELIVERED"}


@pytest.mark.parametrize(
    "params",
    [
        {"dateFrom": "2026-03-10", "dateTo": "2026-03-01"},
        {"dateFrom": "2024-01-01"},
        {"dateTo": "x"},
    ],
)
def test_kpi_bad_range(params, login_as):
    response = login_as(Role.OPS).get("/api/kpi", params)
    assert response.status_code in (400, 422)
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"


@pytest.mark.parametrize("role", [Role.DISPATCHER, Role.DRIVER, Role.CUSTOMER_OWNER])
def test_kpi_roles(role, login_as):
    assert login_as(role).get("/api/kpi").status_code == 403


def test_kpi_page(history, make_user):
    browser = Client()
    browser.force_login(make_user(Role.OPS))
    response = browser.get("/dashboard/", {"date_from": "2026-03-10", "date_to": "2026-03-16"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="kpi-total">4<' in html and "<svg" in html
    assert "/ops/shipments/?dateFrom=2026-03-10&amp;dateTo=2026-03-16&amp;status=DELIVERED" in html
    bad = browser.get("/dashboard/", {"date_from": "2026-03-10", "date_to": "2026-01-01"})
    assert bad.status_code == 400
    driver = Client()
    driver.force_login(make_user(Role.DRIVER))
    assert driver.get("/dashboard/").status_code == 403


def test_kpi_revenue_and_typed_schema(make_user, api_login, make_customer, anon):
    from unicon.billing.models import Invoice, InvoiceStatus
    from unicon.billing.receivable_models import Payment, PaymentMethod
    from unicon.fleet.models import LegalEntity

    seller = LegalEntity.objects.create(code="UNICON", name="Unicon")
    customer = make_customer()
    day = dt.date(2026, 3, 12)
    for status, total, issued in (
        (InvoiceStatus.ISSUED, 11_000_000, day),
        (InvoiceStatus.PAID, 5_500_000, day),
        (InvoiceStatus.CANCELLED, 99_000_000, day),  # not revenue
        (InvoiceStatus.DRAFT, 7_000_000, None),
        (InvoiceStatus.ISSUED, 3_000_000, dt.date(2026, 4, 2)),  # outside the range
    ):
        Invoice.objects.create(
            legal_entity=seller,
            customer=customer,
            status=status,
            issue_date=issued,
            buyer_name=customer.name,
            subtotal=total,
            total=total,
        )
    for amount, reversed_at in ((4_000_000, None), (1_000_000, timezone.now())):
        Payment.objects.create(
            customer=customer,
            paid_on=day,
            amount=amount,
            method=PaymentMethod.BANK_TRANSFER,
            reversed_at=reversed_at,
        )
    accountant = make_user(Role.ACCOUNTING)
    client = api_login(accountant)
    body = client.get("/api/kpi", {"dateFrom": "2026-03-10", "dateTo": "2026-03-20"}).json()
    invoiced, collected = body["revenue"]["invoiced"], body["revenue"]["collected"]
    assert (invoiced["amount"], invoiced["count"]) == (16_500_000, 2)
    assert (collected["amount"], collected["count"]) == (4_000_000, 1)
    assert invoiced["listUrl"] == "/api/billing/invoices?dateFrom=2026-03-10&dateTo=2026-03-20"
    assert collected["listUrl"].startswith("/api/billing/payments?dateFrom=2026-03-10")
    listed = client.get(invoiced["listUrl"]).json()["items"]  # the range's invoices; the
    assert sorted(i["status"] for i in listed) == ["CANCELLED", "ISSUED", "PAID"]  # live ones count
    page = Client()
    page.force_login(accountant)
    html = page.get("/dashboard/", {"date_from": "2026-03-10", "date_to": "2026-03-20"})
    assert "16.500.000" in html.content.decode() and "4.000.000" in html.content.decode()
    schema = anon.get("/api/openapi.json").json()
    ok = schema["paths"]["/api/kpi"]["get"]["responses"]["200"]["content"]["application/json"]
    assert ok["schema"]["$ref"].endswith("/KpiOut")
    kpi = schema["components"]["schemas"]["KpiOut"]["properties"]
    assert {"dateFrom", "shipments", "onTime", "fleet", "documents", "revenue"} <= set(kpi)
