"""The driver's day on a phone (issue 13 point 3) in real Chromium at 390×844: nothing wider
than the screen, every control ≥ 44 px, a focus ring with ≥ 3:1 contrast, a failed upload
shown as an alert and retried with the same photo, and the app's own Vietnamese page when the
phone goes offline (service worker)."""

import io
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image

from unicon.core.roles import Role
from unicon.dispatch import services as dispatch_services
from unicon.dispatch import trips
from unicon.fleet.models import VehicleType
from unicon.pods.models import PodFile
from unicon.shipments.models import OperationStatus, PhotoType, Shipment, Stop, StopType

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("flushable_audit"),
]

PHONE = {"width": 390, "height": 844}

CHECKS = Path(__file__).with_name("phone_checks.js")  # contrast, control heights, overflow


def _jpeg(path) -> str:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (40, 120, 200)).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return str(path)


@pytest.fixture
def driver_at_stop(make_user, make_customer, make_driver, make_vehicle):
    """A driver checked in at stop 1 (two photos required) of today's trip; stop 2 ahead."""
    tractor = make_vehicle(VehicleType.TRACTOR)
    trailer = make_vehicle(VehicleType.TRAILER)
    driver = make_driver(default_tractor=tractor, default_trailer=trailer)
    now = timezone.now()
    shipment = Shipment.objects.create(
        number="SHP-2099-0390",
        customer=make_customer(name="Công ty TNHH Xuất Nhập Khẩu Thương Mại Phước Long Sài Gòn"),
        shipment_type="EXPORT",
        operation_status=OperationStatus.PENDING,
        planned_start=now,
        planned_end=now + timezone.timedelta(hours=6),
        container_number="MSKU1234565",
        booking_number="BKG-VN-2026-000123456789",
        special_instructions="Gọi trước 30 phút; cổng số 3, không vào cổng chính.",
    )
    first = Stop.objects.create(
        shipment=shipment,
        sequence=1,
        stop_type=StopType.DEPOT,
        location_name="ICD Phước Long — Bãi container rỗng số 3",
        address="Km 9 Xa lộ Hà Nội, phường Phước Long B, TP Thủ Đức, TP Hồ Chí Minh",
        contact_person="Anh Nguyễn Văn Thành",
        contact_phone="0912345601",
        instructions="Lấy container sạch, kiểm tra seal.",
        planned_arrival=now,
        planned_departure=now + timezone.timedelta(hours=1),
        required_photos=[PhotoType.CONTAINER_EXTERIOR, PhotoType.PORT_GATE_PASS],
    )
    Stop.objects.create(
        shipment=shipment,
        sequence=2,
        stop_type=StopType.DROPOFF,
        location_name="Kho Vinamilk Bình Dương",
        address="KCN Mỹ Phước 2, Bến Cát, Bình Dương",
        contact_person="Chị Lan",
        contact_phone="0912345602",
        planned_arrival=now + timezone.timedelta(hours=3),
        planned_departure=now + timezone.timedelta(hours=5),
    )
    task = dispatch_services.dispatch(
        make_user(Role.DISPATCHER),
        shipment.public_id,
        driver_id=driver.public_id,
        tractor_id=tractor.public_id,
        trailer_id=trailer.public_id,
    )
    trips.check_in(driver.user, task.public_id, first.public_id)
    return driver, first


def _no_sideways_scroll(page) -> None:
    page.add_script_tag(path=str(CHECKS))
    width, screen = page.evaluate("uniconOverflow()")
    assert width <= screen, f"page is {width} px wide on a {screen} px screen"


def test_driver_day_fits_a_phone(login, driver_at_stop, shot):
    driver, _stop = driver_at_stop
    page = login(driver.user, viewport=PHONE, service_workers="block")
    page.goto("/driver/")
    assert page.locator("nav.day-chips a[aria-current=date]").inner_text().startswith("Hôm nay")
    assert "Ngày mai" in page.locator("nav.day-chips").inner_text()
    text = page.locator("main").inner_text()
    for expected in ("Gọi trước 30 phút", "Lấy container sạch", "Anh Nguyễn Văn Thành", "Dự kiến"):
        assert expected in text
    assert "còn thiếu" in page.locator(".missing-box").inner_text()
    shot(page, "driver-day-390")
    _no_sideways_scroll(page)
    assert page.evaluate("uniconSmallControls()") == []
    # keyboard focus: the ring of each focused control stands out from what is behind it
    ratios = []
    for _ in range(12):
        page.keyboard.press("Tab")
        ratios.append(page.evaluate("uniconFocusRing()"))
    weak = [(html, round(r, 2)) for html, r in ratios if r < 3]
    assert not weak, weak


def test_a_failed_upload_is_an_alert_and_the_same_photo_goes_again(login, driver_at_stop, tmp_path):
    driver, stop = driver_at_stop
    photo = _jpeg(tmp_path / "IMG_0001.JPG")
    page = login(driver.user, viewport=PHONE, service_workers="block")
    page.goto("/driver/")
    sent = []

    def fail_twice(route):
        sent.append(route.request.url)
        if len(sent) <= 2:
            route.fulfill(
                status=503, body="Máy chủ đang bận, thử lại sau.", content_type="text/plain"
            )
        else:
            route.continue_()

    page.route("**/photo/", fail_twice)
    form = page.locator(f"form.upload:has(#photo-{stop.public_id}-PORT_GATE_PASS)")
    page.set_input_files(f"#photo-{stop.public_id}-PORT_GATE_PASS", photo)
    alert = form.get_by_role("alert")
    alert.wait_for()
    assert "Máy chủ đang bận" in alert.inner_text()
    page.add_script_tag(path=str(CHECKS))
    contrast = alert.evaluate(
        "el => uniconContrast(getComputedStyle(el).color, uniconBackground(el))"
    )
    assert contrast >= 4.5
    # the same photo chosen again is sent again (the input was emptied)
    page.set_input_files(f"#photo-{stop.public_id}-PORT_GATE_PASS", photo)
    page.wait_for_function("() => window.__sent === undefined")
    page.wait_for_timeout(300)
    form.get_by_role("alert").wait_for()
    assert len(sent) == 2
    assert not PodFile.objects.filter(stop=stop).exists()
    retry = form.locator("button.retry")
    assert retry.bounding_box()["height"] >= 44
    with page.expect_navigation():
        retry.click()
    assert len(sent) == 3
    assert list(PodFile.objects.filter(stop=stop).values_list("photo_type", flat=True)) == [
        PhotoType.PORT_GATE_PASS
    ]
    assert page.locator(".checklist li.ok").count() == 1


def test_offline_shows_the_apps_own_page_naming_what_was_not_sent(login, driver_at_stop, shot):
    driver, stop = driver_at_stop
    page = login(driver.user, viewport=PHONE)
    page.goto("/driver/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")  # offline page cached
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.context.set_offline(True)
    page.click(f"form[action$='/stops/{stop.public_id}/check-out/'] button")
    page.wait_for_selector("#unsent-what")
    text = page.locator("main").inner_text()
    assert "Mất kết nối" in text
    assert "Chưa gửi" in text
    assert "Check-out khỏi điểm dừng 1" in page.locator("#unsent-what").inner_text()
    assert not page.locator(".when-get").is_visible()
    shot(page, "driver-offline-390")
    stop.refresh_from_db()
    assert stop.actual_departure is None
    # a plain reload while offline: the same page, saying nothing was being sent
    page.goto("/driver/")
    assert "Mất kết nối" in page.locator("main").inner_text()
    assert page.locator(".when-get").is_visible()
    page.context.set_offline(False)
    page.goto("/driver/")
    assert page.locator("nav.day-chips").is_visible()
    # online, a form still goes through the worker to the server and back (the refusal: the
    # photos are missing), shown as an alert
    with page.expect_navigation():
        page.click(f"form[action$='/stops/{stop.public_id}/check-out/'] button")
    assert page.url.endswith("/driver/")
    assert "Phiếu qua cổng cảng" in page.get_by_role("alert").first.inner_text()
