"""Quick dispatch: create a shipment with stops and assign it in one transaction."""

from unicon.core.roles import Role
from unicon.fleet.models import DriverStatus
from unicon.shipments.models import EventKind, OperationStatus, Shipment

from .conftest import at, day


def _payload(customer, driver, tractor, trailer=None, **extra):
    data = {
        "customerId": str(customer.public_id),
        "type": "EXPORT",
        "plannedStart": at(day(), 7).isoformat(),
        "plannedEnd": at(day(), 18).isoformat(),
        "stops": [
            {"sequence": 1, "locationName": "Depot Phước Long"},
            {"sequence": 2, "locationName": "Kho VSIP 1"},
            {"sequence": 3, "locationName": "Cảng Cát Lái"},
        ],
        "driverId": str(driver.public_id),
        "tractorId": str(tractor.public_id),
        "instructions": "Call the warehouse before arrival",
    }
    if trailer is not None:
        data["trailerId"] = str(trailer.public_id)
    data.update(extra)
    return data


def test_quick_dispatch_creates_and_assigns(dispatcher_api, make_customer, fleet):
    customer = make_customer()
    response = dispatcher_api.post("/api/dispatch/quick", _payload(customer, *fleet))
    assert response.status_code == 201, response.content
    task = response.json()
    assert task["status"] == "PENDING"
    assert task["instructions"] == "Call the warehouse before arrival"
    assert task["shipment"]["status"] == "DISPATCHED"
    assert task["shipment"]["number"].startswith("SHP-")
    shipment = Shipment.objects.get(public_id=task["shipment"]["id"])
    assert shipment.operation_status == OperationStatus.DISPATCHED
    assert list(shipment.stops.values_list("location_name", flat=True)) == [
        "Depot Phước Long",
        "Kho VSIP 1",
        "Cảng Cát Lái",
    ]
    assert shipment.stops.first().required_photos  # from the EXPORT template
    moves = list(
        shipment.events.filter(kind=EventKind.OPERATION_STATUS).values_list("to_status", flat=True)
    )
    assert moves[-2:] == ["PENDING", "DISPATCHED"]


def test_refused_quick_dispatch_creates_nothing(dispatcher_api, make_customer, fleet):
    driver = fleet[0]
    driver.status = DriverStatus.SUSPENDED
    driver.save()
    before = Shipment.objects.count()
    response = dispatcher_api.post("/api/dispatch/quick", _payload(make_customer(), *fleet))
    assert response.status_code == 409
    assert "Suspended" in response.json()["error"]["message"]
    assert Shipment.objects.count() == before


def test_quick_dispatch_validates_the_shipment(dispatcher_api, make_customer, fleet):
    data = _payload(make_customer(), *fleet, stops=[{"sequence": 1}], type="")
    response = dispatcher_api.post("/api/dispatch/quick", data)
    assert response.status_code == 400
    assert Shipment.objects.count() == 0


def test_quick_dispatch_roles(api_login, make_user, make_customer, fleet):
    customer = make_customer()
    for role in (Role.OPS, Role.DRIVER, Role.CUSTOMER_OWNER):
        client = api_login(
            make_user(role, customer=customer if role == Role.CUSTOMER_OWNER else None)
        )
        response = client.post("/api/dispatch/quick", _payload(customer, *fleet))
        assert response.status_code == 403, (role, response.content)
    assert Shipment.objects.count() == 0
