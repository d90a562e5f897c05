"""/api/vehicles: CRUD, plates, ownership, expiry warnings, roles, conflicts, audit."""

import datetime as dt

import pytest

from tests.customers.fixtures import ALL_ROLES, audit_actions, expected, query_count
from unicon.core.models import AuditEntry
from unicon.core.roles import Role
from unicon.fleet.models import Ownership, Vehicle, VehicleStatus, VehicleType

READERS = {Role.OPS, Role.DISPATCHER, Role.ACCOUNTING}
WRITERS = {Role.OPS, Role.DISPATCHER}


def _new(entity, **fields) -> dict:
    return {
        "plate": "51c-123.45",
        "vehicleType": "TRACTOR",
        "ownerId": str(entity.public_id),
        "brand": "Hyundai",
        "manufacturingYear": 2019,
        **fields,
    }


def test_crud_happy_path(login_as, entity):
    client = login_as(Role.DISPATCHER)
    created = client.post("/api/vehicles", _new(entity))
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["plate"] == "51C12345"
    assert body["plateDisplay"] == "51C-123.45"
    assert body["owner"]["code"] == "UNICON"
    assert body["status"] == "IN_USE"
    assert body["expiryWarnings"] == []
    url = f"/api/vehicles/{body['id']}"

    assert client.get(url).json()["brand"] == "Hyundai"
    replaced = client.put(url, _new(entity, plate="51C-123.46", brand="Howo"))
    assert replaced.status_code == 200, replaced.content
    assert replaced.json()["plate"] == "51C12346"
    assert replaced.json()["manufacturingYear"] == 2019

    patched = client.patch(url, {"status": "MAINTENANCE"})
    assert patched.status_code == 200
    assert patched.json()["status"] == "MAINTENANCE"

    vehicle = Vehicle.objects.get(public_id=body["id"])
    admin = login_as(Role.ADMIN)
    assert admin.delete(url).status_code == 204
    assert not Vehicle.objects.filter(pk=vehicle.pk).exists()
    assert audit_actions(vehicle) == [
        "vehicle.create",
        "vehicle.update",
        "vehicle.status_change",
        "vehicle.delete",
    ]
    change = AuditEntry.objects.get(object_id=str(vehicle.pk), action="vehicle.status_change")
    assert change.changes == {"status": ["IN_USE", "MAINTENANCE"]}
    assert change.actor_id == client.user.pk


def test_rental_needs_company_and_own_needs_owner(login_as, entity):
    client = login_as(Role.OPS)
    no_company = client.post("/api/vehicles", _new(entity, ownership="RENTAL", ownerId=None))
    assert no_company.status_code == 400
    assert "rentalCompany" in no_company.json()["error"]["details"]
    no_owner = client.post("/api/vehicles", _new(entity, ownerId=None))
    assert no_owner.status_code == 400
    assert "ownerId" in no_owner.json()["error"]["details"]
    unknown = client.post(
        "/api/vehicles", _new(entity, ownerId="00000000-0000-4000-8000-000000000000")
    )
    assert unknown.status_code == 400
    assert "ownerId" in unknown.json()["error"]["details"]
    assert not Vehicle.objects.exists()

    rented = client.post("/api/vehicles", _new(entity, ownership="RENTAL", rentalCompany="Xe APT"))
    assert rented.status_code == 201, rented.content
    # A rented vehicle has no owning entity, whatever was sent.
    assert rented.json()["owner"] is None
    url = f"/api/vehicles/{rented.json()['id']}"
    back = client.patch(url, {"ownership": "OWN"})
    assert back.status_code == 400
    own = client.patch(url, {"ownership": "OWN", "ownerId": str(entity.public_id)})
    assert own.status_code == 200
    assert (own.json()["owner"]["code"], own.json()["rentalCompany"]) == ("UNICON", "")


@pytest.mark.parametrize("written", ["51C12345", "51c 123 45", "51-C-123.45"])
def test_duplicate_plate_in_any_form_is_400(login_as, make_vehicle, entity, written):
    make_vehicle(plate="51C-123.45")
    client = login_as(Role.OPS)
    response = client.post("/api/vehicles", _new(entity, plate=written))
    assert response.status_code == 400, response.content
    assert "plate" in response.json()["error"]["details"]
    assert Vehicle.objects.count() == 1


def test_duplicate_plate_on_edit_is_400_and_changes_nothing(login_as, make_vehicle):
    make_vehicle(plate="51C-123.45")
    other = make_vehicle(plate="51C-999.99", brand="Howo")
    client = login_as(Role.OPS)
    response = client.patch(
        f"/api/vehicles/{other.public_id}", {"plate": "51C 123.45", "brand": "X"}
    )
    assert response.status_code == 400
    other.refresh_from_db()
    assert (other.plate, other.brand) == ("51C99999", "Howo")


@pytest.mark.parametrize("plate", ["", "ABC", "51C-12", "5C-123.45", "51C-1234567", "51ABC-1234"])
def test_bad_plate_is_400(login_as, entity, plate):
    client = login_as(Role.OPS)
    response = client.post("/api/vehicles", _new(entity, plate=plate))
    assert response.status_code == 400, response.content
    assert "plate" in response.json()["error"]["details"]


def test_other_validation(login_as, entity):
    client = login_as(Role.OPS)
    assert client.post("/api/vehicles", _new(entity, vehicleType="TRUCK")).status_code == 422
    assert client.post("/api/vehicles", _new(entity, manufacturingYear=1900)).status_code == 400
    assert client.post("/api/vehicles", _new(entity, inspectionExpiry="soon")).status_code == 422
    assert not Vehicle.objects.exists()


def test_expiry_warnings(login_as, make_vehicle, today):
    make_vehicle(
        plate="51C-111.11",
        inspection_expiry=today - dt.timedelta(days=1),
        insurance_expiry=today + dt.timedelta(days=10),
        operation_permit_expiry=today + dt.timedelta(days=200),
    )
    client = login_as(Role.ACCOUNTING)
    [vehicle] = client.get("/api/vehicles").json()["items"]
    assert vehicle["expiryWarnings"] == [
        {
            "document": "INSPECTION",
            "expiresOn": (today - dt.timedelta(days=1)).isoformat(),
            "state": "EXPIRED",
        },
        {
            "document": "INSURANCE",
            "expiresOn": (today + dt.timedelta(days=10)).isoformat(),
            "state": "EXPIRING_SOON",
        },
    ]


def test_filters(login_as, make_vehicle):
    make_vehicle(plate="51C-123.45")
    make_vehicle(plate="51C-678.90", status=VehicleStatus.MAINTENANCE)
    make_vehicle(VehicleType.TRAILER, plate="51R-012.34", ownership=Ownership.RENTAL)
    client = login_as(Role.DISPATCHER)

    def plates(**params):
        response = client.get("/api/vehicles", params)
        assert response.status_code == 200, response.content
        return [v["plate"] for v in response.json()["items"]]

    assert plates() == ["51C12345", "51C67890", "51R01234"]
    assert plates(type="TRAILER") == ["51R01234"]
    assert plates(status="MAINTENANCE") == ["51C67890"]
    assert plates(ownership="RENTAL") == ["51R01234"]
    assert plates(q="51c-123") == ["51C12345"]
    assert plates(q="012.3") == ["51R01234"]
    assert plates(type="TRACTOR", status="IN_USE") == ["51C12345"]
    first = client.get("/api/vehicles", {"limit": 2}).json()
    rest = client.get("/api/vehicles", {"limit": 2, "cursor": first["nextCursor"]}).json()
    assert [v["plate"] for v in rest["items"]] == ["51R01234"]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_roles(login_as, make_vehicle, entity, role):
    vehicle = make_vehicle()
    client = login_as(role)
    url = f"/api/vehicles/{vehicle.public_id}"
    assert client.get("/api/vehicles").status_code == expected(role, READERS)
    assert client.get(url).status_code == expected(role, READERS)
    created = client.post("/api/vehicles", _new(entity))
    assert created.status_code == expected(role, WRITERS, ok=201)
    assert client.patch(url, {"brand": "Isuzu"}).status_code == expected(role, WRITERS)
    assert client.delete(url).status_code == expected(role, set(), ok=204)


def test_delete_refused_while_a_driver_task_refers(login_as, make_vehicle, make_driver, make_task):
    tractor, trailer = make_vehicle(), make_vehicle(VehicleType.TRAILER)
    make_task(make_driver(), tractor, trailer)
    client = login_as(Role.ADMIN)
    for vehicle in (tractor, trailer):
        response = client.delete(f"/api/vehicles/{vehicle.public_id}")
        assert response.status_code == 409, response.content
        assert response.json()["error"]["details"]["referencedBy"] == {"driverTasks": 1}
        assert "OUT_OF_SERVICE" in response.json()["error"]["message"]
    assert Vehicle.objects.count() == 2


def test_delete_clears_it_as_a_drivers_default(login_as, make_vehicle, make_driver):
    tractor = make_vehicle()
    driver = make_driver(default_tractor=tractor)
    assert login_as(Role.ADMIN).delete(f"/api/vehicles/{tractor.public_id}").status_code == 204
    driver.refresh_from_db()
    assert driver.default_tractor is None


def test_list_query_count_does_not_grow_with_page_size(login_as, make_vehicle, entity):
    for _ in range(25):
        make_vehicle()
    client = login_as(Role.OPS)
    assert query_count(client, "/api/vehicles", {"limit": 2}) == query_count(
        client, "/api/vehicles", {"limit": 20}
    )
