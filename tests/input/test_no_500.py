"""No input yields a 500 (issue 12, item 8): non-finite and out-of-range numbers are refused
with a validation error, through POST, PUT and PATCH, by office and customer users alike."""

import pytest

from unicon.core.roles import Role
from unicon.customers.models import Location

BAD_NUMBERS = [1e300, -1e300, "NaN", "Infinity", "-Infinity", "1e400", -181, 181]


def _refused(response) -> None:
    assert response.status_code in (400, 422), response.content
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"


@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize("axis", ["latitude", "longitude"])
def test_location_coordinates(login_as, value, axis):
    client = login_as(Role.OPS)
    other = "longitude" if axis == "latitude" else "latitude"
    body = {"name": "x", "kind": "PORT", axis: value, other: 10}
    _refused(client.post("/api/locations", body))
    assert not Location.objects.exists()


@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize("method", ["put", "patch"])
def test_a_customer_user_editing_their_location(login_as, make_customer, method, value):
    customer = make_customer()
    client = login_as(Role.CUSTOMER_OWNER, customer=customer)
    made = client.post("/api/locations", {"name": "Kho", "kind": "WAREHOUSE"})
    assert made.status_code == 201, made.content
    url = f"/api/locations/{made.json()['id']}"
    body = {"name": "Kho", "kind": "WAREHOUSE", "latitude": value, "longitude": 106.7}
    _refused(getattr(client, method)(url, body))


@pytest.mark.parametrize("field", ["paymentTerm"])
@pytest.mark.parametrize("value", [10**30, -1, 1e300, "NaN"])
def test_customer_numbers(login_as, field, value):
    response = login_as(Role.OPS).post("/api/customers", {"code": "ABC", "name": "A", field: value})
    _refused(response)


def test_latitude_range(login_as):
    body = {"name": "x", "kind": "PORT", "latitude": 91, "longitude": 10}
    _refused(login_as(Role.OPS).post("/api/locations", body))


@pytest.mark.parametrize("value", ["NaN", "abc", "Infinity", "1e999", "95"])
def test_check_in_page_with_a_bad_position_is_a_clear_error(
    value, make_user, client, make_customer
):
    from tests.dispatch.conftest import at, day
    from unicon.dispatch.models import DriverTask
    from unicon.fleet.models import Driver, LegalEntity, Vehicle, VehicleType
    from unicon.shipments.models import OperationStatus, Shipment, Stop, StopType

    entity = LegalEntity.objects.create(code="UNI", name="Unicon")
    tractor = Vehicle.objects.create(
        vehicle_type=VehicleType.TRACTOR, plate="51C12345", owner=entity
    )
    user = make_user(Role.DRIVER)
    driver = Driver.objects.create(user=user, phone="0912345601", licence_expiry=day(400))
    shipment = Shipment.objects.create(
        number="SHP-2099-0001",
        customer=make_customer(),
        operation_status=OperationStatus.DISPATCHED,
        planned_start=at(day(0), 8),
        planned_end=at(day(0), 17),
    )
    stop = Stop.objects.create(
        shipment=shipment,
        sequence=1,
        stop_type=StopType.DEPOT,
        location_name="Depot",
        planned_arrival=shipment.planned_start,
        planned_departure=shipment.planned_end,
    )
    task = DriverTask.objects.create(
        shipment=shipment,
        driver=driver,
        tractor=tractor,
        sequence=1,
        planned_start=shipment.planned_start,
        planned_end=shipment.planned_end,
    )
    client.force_login(user)
    response = client.post(
        f"/driver/tasks/{task.public_id}/stops/{stop.public_id}/check-in/",
        {"latitude": value, "longitude": "106.7"},
        follow=True,
    )
    assert response.status_code == 200
    stop.refresh_from_db()
    assert stop.actual_arrival is None


@pytest.mark.parametrize(
    "body",
    [
        {"code": "ABC", "name": "A\x00B"},
        {"code": "ABC", "name": "A", "phone": "\x008"},
        {"code": "ABC", "name": "A", "": {"k\x00": "v"}},
    ],
)
def test_nul_characters_are_refused(login_as, body):
    response = login_as(Role.OPS).post("/api/customers", body)
    _refused(response)
    assert response.status_code == 400


def test_nul_in_a_query_or_a_form_is_refused(login_as, client, make_user):
    _refused(login_as(Role.OPS).get("/api/customers", {"q": "a\x00"}))
    client.force_login(make_user(Role.OPS))
    assert client.get("/resources/customers/", {"q": "a\x00"}).status_code == 400
