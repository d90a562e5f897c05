"""A customer user sees and changes only their company's shipments: another company's id → 404."""

import pytest

from unicon.core.roles import Role
from unicon.shipments.models import Shipment

from .conftest import body


@pytest.fixture
def foreign(shipment_in, other_company):
    return shipment_in("DRAFT", customer=other_company)


@pytest.fixture
def customer_api(make_user, api_login, company):
    return api_login(make_user(Role.CUSTOMER_OPS, customer=company))


def _calls(shipment):
    base = f"/api/shipments/{shipment.public_id}"
    return [
        ("get", base, None),
        ("put", base, {**body(), "version": shipment.version}),
        ("patch", f"{base}/status", {"operationStatus": "CANCELLED"}),
        ("patch", f"{base}/status", {"operationStatus": "PENDING"}),
        ("patch", f"{base}/status", {"documentStatus": "DOC_RECEIVED"}),
        ("get", f"{base}/events", None),
    ]


def test_every_endpoint_answers_404_for_another_company(customer_api, foreign):
    for method, path, data in _calls(foreign):
        response = (
            customer_api.get(path) if method == "get" else getattr(customer_api, method)(path, data)
        )
        assert response.status_code == 404, (method, path, response.content)
        assert response.json()["error"]["code"] == "NOT_FOUND"
    foreign.refresh_from_db()
    assert (foreign.operation_status, foreign.version) == ("DRAFT", 1)


def test_same_answer_as_a_nonexistent_id(customer_api, foreign):
    missing = customer_api.get("/api/shipments/00000000-0000-0000-0000-000000000000")
    guessed = customer_api.get(f"/api/shipments/{foreign.public_id}")
    assert missing.status_code == guessed.status_code == 404
    assert missing.json() == guessed.json()


def test_own_company_works(customer_api, shipment_in):
    mine = shipment_in()
    assert customer_api.get(f"/api/shipments/{mine.public_id}").status_code == 200
    assert customer_api.get(f"/api/shipments/{mine.public_id}/events").status_code == 200
    response = customer_api.patch(
        f"/api/shipments/{mine.public_id}/status", {"operationStatus": "PENDING"}
    )
    assert response.status_code == 200


def test_list_and_search_hide_other_companies(customer_api, foreign):
    assert customer_api.get("/api/shipments").json()["items"] == []
    assert customer_api.get("/api/shipments", {"q": foreign.number}).json()["items"] == []


def test_customer_cannot_create_for_another_company(customer_api, company, other_company):
    response = customer_api.post("/api/shipments", body(customerId=str(other_company.public_id)))
    assert response.status_code == 201
    assert not Shipment.objects.filter(customer=other_company).exists()


def test_driver_sees_only_shipments_with_their_task(make_user, api_login, shipment_in):
    """The rule `tasks__driver__user` the dispatch app's DriverTask fulfils."""
    from datetime import date

    pytest.importorskip("unicon.dispatch.models")
    from unicon.dispatch.models import DriverTask
    from unicon.fleet.models import Driver, Ownership, Vehicle, VehicleType

    mine, other = shipment_in("DISPATCHED"), shipment_in("DISPATCHED")
    user = make_user(Role.DRIVER)
    driver = Driver.objects.create(user=user, phone="0900000000", licence_expiry=date(2030, 1, 1))
    tractor = Vehicle.objects.create(
        plate="51C12345", vehicle_type=VehicleType.TRACTOR, ownership=Ownership.RENTAL
    )
    DriverTask.objects.create(
        shipment=mine,
        driver=driver,
        tractor=tractor,
        planned_start=mine.planned_start,
        planned_end=mine.planned_end,
    )
    client = api_login(user)
    assert [i["id"] for i in client.get("/api/shipments").json()["items"]] == [str(mine.public_id)]
    assert client.get(f"/api/shipments/{mine.public_id}").status_code == 200
    assert client.get(f"/api/shipments/{other.public_id}").status_code == 404
    # Visible, but a driver does not cancel through the status endpoint.
    response = client.patch(
        f"/api/shipments/{mine.public_id}/status", {"operationStatus": "CANCELLED"}
    )
    assert response.status_code == 403
