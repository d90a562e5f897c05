"""Fleet and shipment builders for the dispatch tests (setup only; behaviour via the API)."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from unicon.core.roles import Role
from unicon.fleet.models import Driver, LegalEntity, Vehicle, VehicleType
from unicon.shipments.models import OperationStatus, Shipment, Stop, StopType

FAR = dt.date(2099, 12, 31)
_counter = itertools.count(1)


def day(offset: int = 3) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=offset)


def at(d: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(d, dt.time(hour, minute), tzinfo=timezone.get_default_timezone())


@pytest.fixture
def entity():
    return LegalEntity.objects.create(code="UNI", name="Unicon")


@pytest.fixture
def make_vehicle(entity):
    def make(vehicle_type=VehicleType.TRACTOR, **fields):
        n = next(_counter)
        prefix = "51C" if vehicle_type == VehicleType.TRACTOR else "51R"
        fields.setdefault("plate", f"{prefix}{n:05d}")
        fields.setdefault("owner", entity)
        for paper in ("inspection_expiry", "insurance_expiry", "operation_permit_expiry"):
            fields.setdefault(paper, FAR)
        return Vehicle.objects.create(vehicle_type=vehicle_type, **fields)

    return make


@pytest.fixture
def make_driver(make_user):
    def make(user=None, **fields):
        n = next(_counter)
        user = user or make_user(Role.DRIVER, full_name=f"Driver {n}")
        fields.setdefault("phone", f"09{n:08d}")
        fields.setdefault("licence_expiry", FAR)
        return Driver.objects.create(user=user, **fields)

    return make


@pytest.fixture
def make_shipment(make_customer):
    default_customer = []

    def make(
        *,
        status=OperationStatus.PENDING,
        on: dt.date | None = None,
        start_hour: int = 8,
        end_hour: int = 17,
        stops: int = 3,
        customer=None,
    ) -> Shipment:
        if customer is None:
            if not default_customer:
                default_customer.append(make_customer())
            customer = default_customer[0]
        d = on or day()
        n = next(_counter)
        shipment = Shipment.objects.create(
            number=f"SHP-2099-{n:04d}",
            customer=customer,
            shipment_type="EXPORT",
            operation_status=status,
            planned_start=at(d, start_hour),
            planned_end=at(d, end_hour),
        )
        for seq in range(1, stops + 1):
            Stop.objects.create(
                shipment=shipment,
                sequence=seq,
                stop_type=StopType.DEPOT,
                location_name=f"Stop {seq} of {shipment.number}",
                planned_arrival=shipment.planned_start,
                planned_departure=shipment.planned_end,
            )
        return shipment

    return make


@pytest.fixture
def fleet(make_vehicle, make_driver):
    """A ready crew: one driver with a default tractor and trailer."""
    tractor = make_vehicle(VehicleType.TRACTOR)
    trailer = make_vehicle(VehicleType.TRAILER)
    driver = make_driver(default_tractor=tractor, default_trailer=trailer)
    return driver, tractor, trailer


@pytest.fixture
def dispatcher(make_user):
    return make_user(Role.DISPATCHER)


@pytest.fixture
def dispatcher_api(api_login, dispatcher):
    return api_login(dispatcher)


def body(driver, tractor, trailer=None, **extra) -> dict:
    data = {"driverId": str(driver.public_id), "tractorId": str(tractor.public_id)}
    if trailer is not None:
        data["trailerId"] = str(trailer.public_id)
    data.update(extra)
    return data


def dispatch_url(shipment) -> str:
    return f"/api/shipments/{shipment.public_id}/dispatch"


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in English (the msgids); Vietnamese is checked separately."""
    settings.LANGUAGE_CODE = "en"
