"""A driver enters a fuel fill with a receipt photo on a phone-sized screen (Vietnamese)."""

import pytest

from tests.pods.conftest import jpeg_bytes
from unicon.core.roles import Role
from unicon.costs.models import FuelLog

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("flushable_audit"),
]


def test_driver_enters_a_fill_on_the_phone(
    login, make_user, make_driver, make_vehicle, shot, tmp_path, settings
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    tractor = make_vehicle()
    driver = make_driver(make_user(Role.DRIVER, full_name="Trần Văn Lái"), default_tractor=tractor)
    page = login(driver.user, viewport={"width": 390, "height": 844}, is_mobile=True)
    page.click("text=Đổ dầu")
    assert page.url.endswith("/costs/fuel/new/")
    assert page.input_value("#id_vehicle") == str(tractor.public_id)
    page.fill("#id_litres", "120.5")
    page.fill("#id_unit_price", "20140")
    page.fill("#id_odometer_km", "150000")
    page.fill("#id_station", "Petrolimex Xa lộ Hà Nội")
    photo = tmp_path / "receipt.jpg"
    photo.write_bytes(jpeg_bytes())
    page.set_input_files("#id_receipt", str(photo))
    shot(page, "driver-fuel-form")
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    assert "Đã lưu lần đổ" in page.inner_text(".messages")
    shot(page, "driver-fuel-saved")
    log = FuelLog.objects.get()
    assert (log.driver, log.amount, log.files.count()) == (driver, 2_426_870, 1)
