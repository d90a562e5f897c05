import datetime as dt

import pytest
from django.utils import timezone

from tests.customers import fixtures
from unicon.core.roles import Role
from unicon.fleet.models import Driver, LegalEntity, Ownership, Vehicle, VehicleType

login_as = fixtures.login_as
make_shipment = fixtures.make_shipment
today = fixtures.today


@pytest.fixture
def entity() -> LegalEntity:
    return LegalEntity.objects.create(code="UNICON", name="Công ty TNHH Unicon Logistics")


@pytest.fixture
def make_vehicle(entity):
    counter = iter(range(10_000, 100_000))

    def make(vehicle_type=VehicleType.TRACTOR, **fields) -> Vehicle:
        series = "C" if vehicle_type == VehicleType.TRACTOR else "R"
        fields.setdefault("plate", f"51{series}{next(counter)}")
        if fields.get("ownership") == Ownership.RENTAL:
            fields.setdefault("rental_company", "Xe thuê Sương")
        else:
            fields.setdefault("owner", entity)
        return Vehicle.objects.create(vehicle_type=vehicle_type, **fields)

    return make


@pytest.fixture
def make_driver(make_user, today):
    counter = iter(range(1, 10_000))

    def make(**fields) -> Driver:
        n = next(counter)
        user = fields.pop("user", None) or make_user(Role.DRIVER, full_name=f"Tài xế {n}")
        fields.setdefault("phone", f"09{n:08d}")
        fields.setdefault("licence_expiry", today + dt.timedelta(days=365))
        return Driver.objects.create(user=user, **fields)

    return make


@pytest.fixture
def make_task(make_shipment):
    """A driver task (dispatch) referring to a driver and vehicles."""
    from unicon.dispatch.models import DriverTask

    def make(driver, tractor, trailer=None):
        shipment = make_shipment()
        start = timezone.now()
        return DriverTask.objects.create(
            shipment=shipment,
            driver=driver,
            tractor=tractor,
            trailer=trailer,
            planned_start=start,
            planned_end=start + dt.timedelta(hours=4),
        )

    return make
