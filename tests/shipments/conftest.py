from datetime import UTC, datetime, timedelta

import pytest

from unicon.core.roles import Role
from unicon.customers.models import Location, LocationKind

START = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def body(**overrides) -> dict:
    """A valid EXPORT request body with its three stops."""
    data = {
        "type": "EXPORT",
        "plannedStart": START.isoformat(),
        "plannedEnd": (START + timedelta(hours=20)).isoformat(),
        "containerNumber": "CSQU3054383",
        "containerType": "CONTAINER_40HC",
        "bookingNumber": "bk123",
        "stops": [
            {"sequence": 1, "locationName": "Depot Phước Long"},
            {"sequence": 2, "locationName": "Kho Bình Dương", "address": "KCN VSIP 1"},
            {"sequence": 3, "locationName": "Cảng Cát Lái"},
        ],
    }
    data.update(overrides)
    return data


@pytest.fixture
def company(make_customer):
    return make_customer(code="APT", name="An Phát Thịnh")


@pytest.fixture
def other_company(make_customer):
    return make_customer(code="VNM", name="Vinamilk")


@pytest.fixture
def ops(make_user):
    return make_user(Role.OPS)


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMIN)


@pytest.fixture
def ops_api(ops, api_login):
    return api_login(ops)


@pytest.fixture
def admin_api(admin, api_login):
    return api_login(admin)


@pytest.fixture
def owner(make_user, company):
    return make_user(Role.CUSTOMER_OWNER, customer=company)


@pytest.fixture
def owner_api(owner, api_login):
    return api_login(owner)


@pytest.fixture
def create(ops_api, company):
    """Create a shipment through the API as OPS (or `client`), return its JSON."""

    def make(client=None, **overrides):
        client = client or ops_api
        data = body(**overrides)
        if client is ops_api:
            data.setdefault("customerId", str(company.public_id))
        # every test shipment carries the same container; test_container_clash tests the rule
        data.setdefault("confirmContainer", True)
        response = client.post("/api/shipments", data)
        assert response.status_code == 201, response.content
        return response.json()

    return make


@pytest.fixture
def shared_location():
    return Location.objects.create(name="Cảng Cát Lái", kind=LocationKind.PORT, address="Q2")


#: How to reach each operation status from DRAFT (through the dispatch-facing service).
PATH = {
    "DRAFT": [],
    "PENDING": ["PENDING"],
    "DISPATCHED": ["PENDING", "DISPATCHED"],
    "IN_TRANSIT": ["PENDING", "DISPATCHED", "IN_TRANSIT"],
    "DELIVERED": ["PENDING", "DISPATCHED", "IN_TRANSIT", "DELIVERED"],
    "CANCELLED": ["CANCELLED"],
}


@pytest.fixture
def shipment_in(make_user, company):
    """A shipment of `customer` (default: company) moved to `status` via the services."""
    from unicon.shipments import services

    creator = make_user(Role.OPS)

    def make(status="DRAFT", customer=None, **overrides):
        customer = customer or company
        data = {
            "customer_id": customer.public_id,
            "shipment_type": "IMPORT",
            "planned_start": overrides.pop("planned_start", START),
            "planned_end": overrides.pop("planned_end", START + timedelta(hours=10)),
            "stops": [
                {"location_name": "Cảng Cát Lái"},
                {"location_name": "Kho"},
                {"location_name": "Depot"},
            ],
            **overrides,
        }
        shipment = services.create_shipment(creator, data)
        for target in PATH[status]:
            services.record_status(shipment, target, actor=creator)
        return shipment

    return make
