"""Builders for the fleet-cost tests: tractors, drivers, clients of each role, a private media
folder. Behaviour is exercised through the API, the pages and the commands."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.customers import fixtures
from tests.pods.conftest import (  # noqa: F401 — the media folder per test and file builders
    _media,
    body_of,
    jpeg_bytes,
    multipart,
    pdf_bytes,
    stored_files,
    upload_file,
)
from unicon.core.roles import Role
from unicon.fleet.models import Driver, LegalEntity, Vehicle, VehicleType

login_as = fixtures.login_as
today = fixtures.today
make_shipment = fixtures.make_shipment
UNICON_TAX_CODE = "0312345678"


@pytest.fixture
def entity() -> LegalEntity:
    return LegalEntity.objects.create(
        code="UNICON", name="Công ty TNHH Unicon Logistics", tax_code=UNICON_TAX_CODE
    )


@pytest.fixture
def make_vehicle(entity):
    counter = iter(range(10_000, 100_000))

    def make(vehicle_type=VehicleType.TRACTOR, **fields) -> Vehicle:
        series = "C" if vehicle_type == VehicleType.TRACTOR else "R"
        fields.setdefault("plate", f"51{series}{next(counter)}")
        return Vehicle.objects.create(vehicle_type=vehicle_type, owner=entity, **fields)

    return make


@pytest.fixture
def tractor(make_vehicle) -> Vehicle:
    return make_vehicle()


@pytest.fixture
def driver_client(login_as, today):
    """A logged-in DRIVER with a driver profile (`client.driver`)."""
    client = login_as(Role.DRIVER, full_name="Nguyễn Văn Tài")
    client.driver = Driver.objects.create(
        user=client.user, phone="0901234567", licence_expiry=today + dt.timedelta(days=365)
    )
    return client


def at(days_ago: float) -> str:
    """An ISO time `days_ago` days before now."""
    return (timezone.now() - dt.timedelta(days=days_ago)).isoformat()


@pytest.fixture
def web_login():
    """`web_login(user)` → a Django test client logged in through the login page."""
    from django.test import Client

    from tests.conftest import PASSWORD

    def login(user):
        client = Client()
        response = client.post("/login/", {"username": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.content
        return client

    return login
