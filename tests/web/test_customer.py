"""The customer portal: own company only (a foreign id is a 404), request, submit, cancel."""

import datetime as dt

import pytest

from unicon.core.roles import Role
from unicon.customers.models import Location, LocationKind
from unicon.shipments.models import EventKind, OperationStatus, Shipment


@pytest.fixture
def owner(make_user, make_customer):
    return make_user(Role.CUSTOMER_OWNER, customer=make_customer(code="APT"))


def _request_form(day: dt.date, location, **extra) -> dict:
    data = {
        "shipment_type": "",
        "priority": "NORMAL",
        "planned_start": f"{day.isoformat()}T08:00",
        "planned_end": f"{day.isoformat()}T17:00",
        "stop_count": "1",
        "stop-0-location_id": str(location.public_id),
        "stop-0-stop_type": "PICKUP",
        "op": "save",
    }
    data.update(extra)
    return data


def test_foreign_shipment_is_404(owner, web, make_shipment):
    foreign = make_shipment()
    client = web(owner)
    for path in (
        f"/customer/shipments/{foreign.public_id}/",
        f"/customer/shipments/{foreign.public_id}/edit/",
    ):
        assert client.get(path).status_code == 404, path
    response = client.post(
        f"/shipments/{foreign.public_id}/status/", {"operation_status": "CANCELLED"}
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.operation_status == OperationStatus.PENDING


def test_list_shows_only_own_company(owner, web, make_shipment):
    own = make_shipment(customer=owner.customer)
    foreign = make_shipment()
    page = web(owner).get("/customer/").content.decode()
    assert own.number in page
    assert foreign.number not in page
    assert "<strong>1</strong>" in page  # the summary counts only the own shipment


def test_request_submit_cancel_and_confirm(owner, web):
    client = web(owner)
    warehouse = Location.objects.create(
        name="Kho APT", kind=LocationKind.WAREHOUSE, customer=owner.customer
    )
    day = dt.date.today() + dt.timedelta(days=2)
    response = client.post("/customer/shipments/new/", _request_form(day, warehouse))
    assert response.status_code == 302
    shipment = Shipment.objects.get(customer=owner.customer)
    assert shipment.operation_status == OperationStatus.DRAFT
    assert shipment.created_by_customer
    assert shipment.stops.get().location == warehouse
    status_url = f"/shipments/{shipment.public_id}/status/"
    client.post(status_url, {"operation_status": "PENDING"})
    shipment.refresh_from_db()
    assert shipment.operation_status == OperationStatus.PENDING
    client.post(f"/customer/shipments/{shipment.public_id}/confirm-documents/")
    assert shipment.events.filter(kind=EventKind.NOTE).exists()
    client.post(status_url, {"operation_status": "CANCELLED", "note": "no longer needed"})
    shipment.refresh_from_db()
    assert shipment.operation_status == OperationStatus.CANCELLED


def test_bad_request_shows_errors_and_saves_nothing(owner, web):
    client = web(owner)
    foreign_location = Location.objects.create(
        name="Someone else's", kind=LocationKind.WAREHOUSE, customer=None
    )
    day = dt.date.today() + dt.timedelta(days=2)
    data = _request_form(day, foreign_location, planned_end=f"{day.isoformat()}T07:00")
    response = client.post("/customer/shipments/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "The planned end must be after the planned start." in page
    assert not Shipment.objects.exists()


def test_stop_editor_buttons_change_rows_without_saving(owner, web):
    client = web(owner)
    base = {"stop_count": "2", "stop-0-location_name": "A", "stop-1-location_name": "B"}
    added = client.post("/customer/shipments/new/", {**base, "op": "add"})
    assert added.status_code == 200
    assert 'name="stop_count" value="3"' in added.content.decode()
    moved = client.post("/customer/shipments/new/", {**base, "op": "down-0"}).content.decode()
    assert moved.index('value="B"') < moved.index('value="A"')
    removed = client.post("/customer/shipments/new/", {**base, "op": "remove-0"}).content.decode()
    assert 'value="A"' not in removed and 'name="stop_count" value="1"' in removed
    template = client.post(
        "/customer/shipments/new/", {"shipment_type": "IMPORT", "stop_count": "0", "op": "template"}
    ).content.decode()
    assert 'name="stop_count" value="3"' in template
    assert not Shipment.objects.exists()
