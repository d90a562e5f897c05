"""Fixtures shared by the master-data tests (customers, locations, fleet)."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import ApiClient
from unicon.core.models import AuditEntry
from unicon.core.roles import CUSTOMER_ROLES, Role

ALL_ROLES = list(Role)


@pytest.fixture
def login_as(make_user, api_login) -> Callable[..., ApiClient]:
    """A client logged in as a new user of `role` (customer roles: of `customer`, or a new one)."""

    def login(role: str, customer=None, **fields) -> ApiClient:
        user = make_user(role, customer=customer, **fields)
        client = api_login(user)
        client.user = user
        return client

    return login


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


def expected(role: str, allowed: set[str], ok: int = 200, refused: int = 403) -> int:
    """The status `role` gets when `allowed` roles (ADMIN always) may act."""
    return ok if role == Role.ADMIN or role in allowed else refused


def is_customer_role(role: str) -> bool:
    return role in CUSTOMER_ROLES


def audit_actions(obj) -> list[str]:
    """The audit actions recorded for `obj`, oldest first."""
    return list(
        AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def query_count(client: ApiClient, path: str, params: dict) -> int:
    """SQL queries made by one GET (after a warm-up call, so session bookkeeping is equal)."""
    client.get(path, params)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.fixture
def make_shipment(make_customer):
    """A bare shipment row (for rows that must be referred to), one stop per given location."""
    from unicon.shipments.models import Shipment, Stop

    counter = iter(range(1, 10_000))

    def make(customer=None, locations=()):
        start = timezone.now()
        shipment = Shipment.objects.create(
            number=f"SHP-TEST-{next(counter):04d}",
            customer=customer or make_customer(),
            planned_start=start,
            planned_end=start + dt.timedelta(hours=4),
        )
        for sequence, location in enumerate(locations, start=1):
            Stop.objects.create(
                shipment=shipment,
                sequence=sequence,
                stop_type="PICKUP",
                location=location,
                location_name=location.name,
                planned_arrival=start,
                planned_departure=start,
            )
        return shipment

    return make
