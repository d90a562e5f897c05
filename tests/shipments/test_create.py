from datetime import timedelta

import pytest

from unicon.core.models import AuditEntry
from unicon.core.roles import Role
from unicon.customers.models import Location, LocationKind
from unicon.shipments.models import NumberSequence, Shipment, ShipmentEvent, Stop

from .conftest import START, body


def test_ops_creates_draft_with_template_stops(ops_api, company, ops):
    response = ops_api.post("/api/shipments", body(customerId=str(company.public_id)))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["operationStatus"] == "DRAFT"
    assert data["documentStatus"] == "DOC_PENDING"
    assert data["financialStatus"] == "NOT_BILLED"
    assert data["customer"]["code"] == "APT"
    assert data["createdByCustomer"] is False
    assert data["createdBy"]["id"] == str(ops.public_id)
    assert data["containerNumber"] == "CSQU3054383"
    assert data["bookingNumber"] == "BK123"
    assert data["version"] == 1
    assert "pk" not in data and isinstance(data["id"], str)
    stops = data["stops"]
    assert [(s["sequence"], s["category"], s["stopType"]) for s in stops] == [
        (1, "PICKUP_EMPTY", "DEPOT"),
        (2, "WAREHOUSE_LOAD", "PICKUP"),
        (3, "PORT_DELIVERY", "PORT"),
    ]
    assert stops[0]["requiredPhotos"] == [
        "CONTAINER_EXTERIOR",
        "CONTAINER_INTERIOR",
        "PORT_GATE_PASS",
    ]
    assert stops[1]["address"] == "KCN VSIP 1"
    # Stop times default to the shipment's window.
    assert stops[0]["plannedArrival"].startswith("2026-12-01T01:00")
    event = ShipmentEvent.objects.get(shipment__public_id=data["id"])
    assert (event.kind, event.to_status) == ("OPERATION_STATUS", "DRAFT")
    assert AuditEntry.objects.filter(action="shipment.create", object_type="shipments.shipment")
    assert (
        AuditEntry.objects.filter(action="shipment.create", object_type="shipments.stop").count()
        == 3
    )


def test_import_template(ops_api, company):
    response = ops_api.post(
        "/api/shipments", body(type="IMPORT", customerId=str(company.public_id))
    )
    assert response.status_code == 201
    stops = response.json()["stops"]
    assert [s["category"] for s in stops] == ["PORT_PICKUP", "WAREHOUSE_UNLOAD", "RETURN_EMPTY"]
    assert stops[2]["requiredPhotos"] == [
        "PORT_GATE_PASS",
        "CONTAINER_EXTERIOR",
        "CONTAINER_INTERIOR",
    ]


def test_extra_stops_beyond_the_template(ops_api, company):
    stops = body()["stops"] + [
        {"sequence": 4, "locationName": "Bãi xe", "stopType": "DEPOT", "requiredPhotos": ["OTHER"]}
    ]
    response = ops_api.post("/api/shipments", body(customerId=str(company.public_id), stops=stops))
    assert response.status_code == 201, response.content
    extra = response.json()["stops"][3]
    assert (extra["sequence"], extra["category"], extra["requiredPhotos"]) == (
        4,
        "OTHER",
        ["OTHER"],
    )


def test_without_type_stops_are_given(ops_api, company):
    stops = [
        {"locationName": "A", "stopType": "PICKUP"},
        {"locationName": "B", "stopType": "DROPOFF"},
    ]
    response = ops_api.post(
        "/api/shipments", body(type="", customerId=str(company.public_id), stops=stops)
    )
    assert response.status_code == 201, response.content
    assert [s["sequence"] for s in response.json()["stops"]] == [1, 2]


def test_customer_request_is_forced_to_own_company(owner_api, company, other_company):
    response = owner_api.post("/api/shipments", body(customerId=str(other_company.public_id)))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["customer"]["id"] == str(company.public_id)
    assert data["createdByCustomer"] is True
    assert data["operationStatus"] == "DRAFT"


def test_customer_cannot_set_required_photos(owner_api):
    stops = body()["stops"]
    stops[2] = {**stops[2], "requiredPhotos": []}
    response = owner_api.post("/api/shipments", body(stops=stops))
    assert response.status_code == 201
    assert response.json()["stops"][2]["requiredPhotos"] == ["PORT_GATE_PASS"]


def test_locations_from_the_address_book(owner_api, company, other_company, shared_location):
    own = Location.objects.create(
        name="Kho APT", kind=LocationKind.WAREHOUSE, address="Dĩ An", customer=company
    )
    foreign = Location.objects.create(
        name="Kho VNM", kind=LocationKind.WAREHOUSE, customer=other_company
    )
    stops = [
        {"sequence": 1, "locationName": "Depot"},
        {"sequence": 2, "locationId": str(own.public_id)},
        {"sequence": 3, "locationId": str(shared_location.public_id)},
    ]
    response = owner_api.post("/api/shipments", body(stops=stops))
    assert response.status_code == 201, response.content
    got = response.json()["stops"]
    assert (got[1]["locationName"], got[1]["address"], got[1]["location"]["id"]) == (
        "Kho APT",
        "Dĩ An",
        str(own.public_id),
    )
    assert got[2]["locationName"] == "Cảng Cát Lái"

    stops[1] = {"sequence": 2, "locationId": str(foreign.public_id)}
    response = owner_api.post("/api/shipments", body(stops=stops))
    assert response.status_code == 400
    assert "stops[1].locationId" in response.json()["error"]["details"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"plannedEnd": START.isoformat()}, "plannedEnd"),
        ({"plannedEnd": (START - timedelta(hours=1)).isoformat()}, "plannedEnd"),
        ({"containerNumber": "CSQU3054384"}, "containerNumber"),
        ({"containerNumber": "CSQ3054383"}, "containerNumber"),
        ({"containerType": "BOX"}, "containerType"),
        ({"priority": "ASAP"}, "priority"),
        ({"type": "COASTAL"}, "type"),
        (
            {"stops": [*body()["stops"], {"sequence": 5, "locationName": "X", "stopType": "PORT"}]},
            "stops",
        ),
        ({"stops": [*body()["stops"], {"sequence": 3, "locationName": "X"}]}, "stops[3].sequence"),
        ({"stops": [{"sequence": 1}]}, "stops[0].locationName"),
        (
            {
                "stops": [
                    {
                        "sequence": 1,
                        "locationName": "A",
                        "plannedArrival": "2026-12-01T05:00:00Z",
                        "plannedDeparture": "2026-12-01T04:00:00Z",
                    }
                ]
            },
            "stops[0].plannedDeparture",
        ),
        (
            {"type": "", "stops": [{"locationName": "A"}]},
            "stops[0].stopType",
        ),
        ({"type": "", "stops": []}, "stops"),
        ({"customerId": None}, "customerId"),
    ],
)
def test_invalid_input_changes_nothing(ops_api, company, overrides, field):
    data = {**body(customerId=str(company.public_id)), **overrides}
    response = ops_api.post("/api/shipments", data)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert field in error["details"]
    assert Shipment.objects.count() == 0
    assert Stop.objects.count() == 0
    assert ShipmentEvent.objects.count() == 0
    assert not NumberSequence.objects.filter(last_value__gt=0).exists()
    assert not AuditEntry.objects.filter(action="shipment.create").exists()


def test_inactive_customer_refused(ops_api, make_customer):
    inactive = make_customer(status="INACTIVE")
    response = ops_api.post("/api/shipments", body(customerId=str(inactive.public_id)))
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"customerId": ["inactive"]}
    assert Shipment.objects.count() == 0


def test_unknown_customer_refused(ops_api):
    response = ops_api.post(
        "/api/shipments", body(customerId="00000000-0000-0000-0000-000000000000")
    )
    assert response.status_code == 400


@pytest.mark.parametrize("role", [Role.ACCOUNTING, Role.DRIVER])
def test_roles_that_may_not_create(role, make_user, api_login, company):
    response = api_login(make_user(role)).post(
        "/api/shipments", body(customerId=str(company.public_id))
    )
    assert response.status_code == 403
    assert Shipment.objects.count() == 0


@pytest.mark.parametrize("role", [Role.DISPATCHER, Role.ADMIN, Role.CUSTOMER_OPS])
def test_roles_that_may_create(role, make_user, api_login, company):
    user = make_user(role, customer=company if role == Role.CUSTOMER_OPS else None)
    response = api_login(user).post("/api/shipments", body(customerId=str(company.public_id)))
    assert response.status_code == 201, response.content


def test_anonymous_refused(anon):
    assert anon.post("/api/shipments", body()).status_code == 401
    assert anon.get("/api/shipments").status_code == 401
