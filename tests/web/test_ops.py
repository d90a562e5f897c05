"""Ops pages: the filtered list (htmx partial, constant queries), detail, create, edit."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from unicon.core.roles import Role
from unicon.pods.models import ShipmentDocument
from unicon.shipments.models import DocumentStatus, OperationStatus, Shipment

from .conftest import day


@pytest.fixture
def ops_web(make_user, web):
    return web(make_user(Role.OPS))


def test_list_filters_and_htmx_partial(ops_web, make_shipment, make_customer):
    a = make_shipment(customer=make_customer(code="AAA"))
    b = make_shipment(customer=make_customer(code="BBB"), status=OperationStatus.DRAFT)
    page = ops_web.get("/ops/shipments/", {"status": "DRAFT"}).content.decode()
    assert b.number in page and a.number not in page
    assert "<html" in page
    partial = ops_web.get(
        "/ops/shipments/",
        {"q": a.number, "customer": str(a.customer.public_id)},
        headers={"HX-Request": "true", "HX-Target": "results"},
    ).content.decode()
    assert a.number in partial and b.number not in partial
    assert "<html" not in partial
    bad = ops_web.get("/ops/shipments/", {"status": "NOPE", "customer": "x"})
    assert bad.status_code == 200
    assert 'role="alert"' in bad.content.decode()


def test_list_query_count_does_not_grow(ops_web, make_shipment, make_customer):
    for _ in range(8):
        make_shipment(customer=make_customer())
    ops_web.get("/ops/shipments/")

    def count(n):
        for _ in range(n):
            make_shipment(customer=make_customer())
        with CaptureQueriesContext(connection) as ctx:
            assert ops_web.get("/ops/shipments/").status_code == 200
        return len(ctx.captured_queries)

    few = count(0)
    assert count(12) <= few  # (a session refresh may fall in the first one)


def test_keyset_pagination_link(ops_web, make_shipment):
    for _ in range(27):
        make_shipment()
    first = ops_web.get("/ops/shipments/").content.decode()
    assert "cursor=" in first
    cursor = first.split("cursor=")[1].split('"')[0]
    second = ops_web.get("/ops/shipments/", {"cursor": cursor}).content.decode()
    assert second.count("<tr>") < first.count("<tr>")


def test_detail_and_document_status(ops_web, make_shipment):
    shipment = make_shipment()
    page = ops_web.get(f"/ops/shipments/{shipment.public_id}/").content.decode()
    assert shipment.number in page and "Stop 1 of" in page
    ops_web.post(f"/shipments/{shipment.public_id}/status/", {"document_status": "DOC_RECEIVED"})
    shipment.refresh_from_db()
    assert shipment.document_status == DocumentStatus.DOC_RECEIVED
    refused = ops_web.post(
        f"/shipments/{shipment.public_id}/status/",
        {"document_status": "DOC_PENDING"},
        follow=True,
    )
    assert 'class="error"' in refused.content.decode()  # the service's message, no trace
    shipment.refresh_from_db()
    assert shipment.document_status == DocumentStatus.DOC_RECEIVED


def test_document_upload_bad_file_is_refused(ops_web, make_shipment):
    from django.core.files.uploadedfile import SimpleUploadedFile

    shipment = make_shipment()
    response = ops_web.post(
        f"/shipments/{shipment.public_id}/documents/",
        {"document_type": "BOOKING", "file": SimpleUploadedFile("x.txt", b"hello")},
        follow=True,
    )
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not ShipmentDocument.objects.exists()


def test_create_from_template_and_edit(ops_web, make_customer):
    customer = make_customer()
    d = day()
    stops = {}
    for i in range(3):
        stops[f"stop-{i}-location_name"] = f"Place {i}"
    data = {
        "customer_id": str(customer.public_id),
        "shipment_type": "EXPORT",
        "priority": "HIGH",
        "planned_start": f"{d.isoformat()}T08:00",
        "planned_end": f"{d.isoformat()}T18:00",
        "stop_count": "3",
        "op": "save",
        **stops,
    }
    response = ops_web.post("/ops/shipments/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    shipment = Shipment.objects.get()
    assert shipment.stops.count() == 3
    assert shipment.stops.get(sequence=1).required_photos  # from the template
    edit = f"/ops/shipments/{shipment.public_id}/edit/"
    assert ops_web.get(edit).status_code == 200
    stale = {**data, "version": str(shipment.version - 1 or 99), "priority": "LOW"}
    refused = ops_web.post(edit, stale)
    assert refused.status_code == 400
    shipment.refresh_from_db()
    assert shipment.priority == "HIGH"
    saved = ops_web.post(edit, {**data, "version": str(shipment.version), "priority": "LOW"})
    assert saved.status_code == 302
    shipment.refresh_from_db()
    assert shipment.priority == "LOW"


def test_create_with_bad_input_changes_nothing(ops_web, make_customer):
    response = ops_web.post(
        "/ops/shipments/new/",
        {
            "customer_id": str(make_customer().public_id),
            "planned_start": "",
            "container_number": "NOPE",
            "stop_count": "1",
            "stop-0-location_name": "X",
            "stop-0-stop_type": "PICKUP",
            "op": "save",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Not a valid ISO 6346 container number" in page
    assert not Shipment.objects.exists()


def test_dates_are_vietnamese(ops_web, make_shipment):
    shipment = make_shipment(on=dt.date(2099, 3, 4))
    page = ops_web.get(f"/ops/shipments/{shipment.public_id}/").content.decode()
    assert "04/03/2099 08:00" in page


def test_list_shows_the_crew(ops_web, make_shipment, fleet, make_user, web):
    driver, tractor, _trailer = fleet
    shipment = make_shipment()
    web(make_user(Role.DISPATCHER)).post(
        f"/dispatcher/assign/{shipment.public_id}/",
        {
            "driver_id": str(driver.public_id),
            "tractor_id": str(tractor.public_id),
            "version": shipment.version,
        },
    )
    page = ops_web.get("/ops/shipments/").content.decode()
    assert f"{driver} · {tractor}" in page


def test_container_on_another_shipment_can_be_saved_anyway(ops_web, make_customer):
    """The clash refusal names the other shipment and offers a "save anyway" box; ticking it
    saves (the same rule as `confirmContainer` in the API)."""
    customer, d = make_customer(), day()
    data = {
        "customer_id": str(customer.public_id),
        "planned_start": f"{d.isoformat()}T08:00",
        "planned_end": f"{d.isoformat()}T18:00",
        "container_number": "MSKU1234565",
        "stop_count": "2",
        "stop-0-location_name": "Cát Lái",
        "stop-0-stop_type": "PICKUP",
        "stop-1-location_name": "Kho Bình Dương",
        "stop-1-stop_type": "DROPOFF",
        "op": "save",
    }
    assert ops_web.post("/ops/shipments/new/", data).status_code == 302
    first = Shipment.objects.get()
    refused = ops_web.post("/ops/shipments/new/", data)
    assert refused.status_code == 400
    page = refused.content.decode()
    assert first.number in page and 'name="confirm_container"' in page
    assert "confirmContainer" not in page
    assert Shipment.objects.count() == 1
    saved = ops_web.post("/ops/shipments/new/", {**data, "confirm_container": "on"})
    assert saved.status_code == 302
    assert Shipment.objects.filter(container_number="MSKU1234565").count() == 2
    assert 'name="confirm_container"' not in ops_web.get("/ops/shipments/new/").content.decode()
