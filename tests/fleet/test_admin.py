"""The Django admin pages of the master data open for ADMIN (list, search, add, change)."""

import pytest
from django.test import Client

from unicon.core.roles import Role
from unicon.customers.models import Location
from unicon.fleet.models import VehicleType


@pytest.fixture
def admin_client(make_user) -> Client:
    client = Client()
    client.force_login(make_user(Role.ADMIN))
    return client


def test_master_data_admin_pages(admin_client, make_vehicle, make_driver, make_customer):
    tractor = make_vehicle(plate="51C-123.45")
    driver = make_driver(default_tractor=tractor)
    location = Location.objects.create(name="Cảng Cát Lái", kind="PORT")
    for model, obj in [
        ("fleet/vehicle", tractor),
        ("fleet/driver", driver),
        ("fleet/legalentity", tractor.owner),
        ("customers/location", location),
        ("customers/customer", make_customer()),
    ]:
        for path in ("", "add/", f"{obj.pk}/change/"):
            response = admin_client.get(f"/admin/{model}/{path}")
            assert response.status_code == 200, (model, path)


def test_vehicle_admin_finds_plates_in_written_form(admin_client, make_vehicle):
    make_vehicle(plate="51C-123.45")
    make_vehicle(VehicleType.TRAILER, plate="51R-012.34")
    response = admin_client.get("/admin/fleet/vehicle/", {"q": "51C-123"})
    assert b"51C-123.45" in response.content
    assert b"51R-012.34" not in response.content
