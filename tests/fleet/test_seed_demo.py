"""`unicon seed-demo` on an empty database makes the promised master data."""

import datetime as dt

from django.core.management import call_command

from unicon.accounts.models import User
from unicon.core.roles import Role
from unicon.customers.models import Customer, Location
from unicon.fleet.models import Driver, DriverStatus, LegalEntity, Vehicle, VehicleStatus
from unicon.fleet.services import Paper, PaperState, expiry_warnings


def _warnings(rows) -> list[tuple[str, str, str]]:
    return sorted((str(row), w.document, w.state) for row in rows for w in expiry_warnings(row))


def test_seed_demo_on_an_empty_database(today):
    assert not User.objects.exists()
    call_command("seed_demo")

    assert Customer.objects.count() == 10
    assert set(
        Customer.objects.filter(code__in=["APT", "VNM", "MACSTAR"]).values_list("code", flat=True)
    ) == {"APT", "VNM", "MACSTAR"}
    assert Customer.objects.get(code="APT").phone  # completed after the accounts demo
    shared = Location.objects.filter(customer=None)
    for name in ["Cảng Cát Lái", "ICD Phước Long", "Tân Cảng Long Bình (ICD)", "ICD Sóng Thần",
                 "Cảng Hiệp Phước", "Depot Phước Long 3", "Tân Cảng Depot"]:  # fmt: skip
        assert shared.filter(name=name, latitude__isnull=False).exists(), name
    warehouses = Location.objects.filter(customer__isnull=False, kind="WAREHOUSE")
    assert warehouses.count() >= 6
    for park in ["VSIP", "Tân Tạo", "Sóng Thần"]:
        assert warehouses.filter(address__contains=park).exists(), park
    assert not Location.objects.filter(latitude__isnull=True).exists()

    assert dict(LegalEntity.objects.values_list("code", "name")) == {
        "UNICON": "Công ty TNHH Unicon Logistics",
        "KHANH_HUY": "Công ty TNHH Khánh Huy",
    }
    assert Vehicle.objects.filter(vehicle_type="TRACTOR").count() == 15
    assert Vehicle.objects.filter(vehicle_type="TRAILER").count() == 20
    assert Vehicle.objects.filter(ownership="RENTAL").count() == 4
    assert Vehicle.objects.filter(status=VehicleStatus.MAINTENANCE).count() == 1
    assert Vehicle.objects.filter(status=VehicleStatus.OUT_OF_SERVICE).count() == 1
    assert _warnings(Vehicle.objects.all()) == [
        ("51C-118.27", Paper.INSPECTION, PaperState.EXPIRED),
        ("51C-204.66", Paper.INSPECTION, PaperState.EXPIRING_SOON),
    ]
    assert Vehicle.objects.get(plate="51C20466").inspection_expiry == today + dt.timedelta(days=10)

    drivers = Driver.objects.select_related("user", "default_tractor", "default_trailer")
    assert drivers.count() == 15
    assert all(d.user.role == Role.DRIVER for d in drivers)
    assert drivers.filter(status=DriverStatus.SUSPENDED).count() == 1
    assert _warnings(drivers) == [("Đặng Văn Phúc", Paper.LICENCE, PaperState.EXPIRING_SOON)]
    paired = drivers.filter(default_tractor__isnull=False, default_trailer__isnull=False)
    assert paired.count() == 14
    assert len({d.default_tractor_id for d in paired}) == 14
    demo_driver = User.objects.get(email="driver@unicon.local")
    assert demo_driver.driver.default_tractor.plate == "51C12345"
    assert demo_driver.has_usable_password()

    # Everything the demo made passes the same validation as the API.
    for row in [*Customer.objects.all(), *Location.objects.all(), *Vehicle.objects.all(), *drivers]:
        row.full_clean()
