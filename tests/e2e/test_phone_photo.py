"""A 12 MP phone photo through the driver page in real Chromium (issue 12, item 3): the page
shrinks it before the upload and the stored file keeps the camera's capture time and GPS."""

import pytest
from django.utils import timezone

from tests.pods.conftest import camera_jpeg
from unicon.core.roles import Role
from unicon.dispatch import services as dispatch_services
from unicon.fleet.models import VehicleType
from unicon.pods.models import PodFile
from unicon.shipments.models import OperationStatus, PhotoType, Shipment, Stop, StopType

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("flushable_audit"),
]


def test_driver_page_shrinks_a_twelve_megapixel_photo(
    login, tmp_path, make_user, make_customer, make_driver, make_vehicle
):
    original = tmp_path / "IMG_0001.JPG"
    original.write_bytes(camera_jpeg())
    assert original.stat().st_size > 6 * 1024 * 1024
    tractor = make_vehicle(VehicleType.TRACTOR)
    driver = make_driver(default_tractor=tractor)
    now = timezone.now()
    shipment = Shipment.objects.create(
        number="SHP-2099-0001",
        customer=make_customer(),
        shipment_type="EXPORT",
        operation_status=OperationStatus.PENDING,
        planned_start=now,
        planned_end=now + timezone.timedelta(hours=2),
    )
    stop = Stop.objects.create(
        shipment=shipment,
        sequence=1,
        stop_type=StopType.DEPOT,
        location_name="ICD Phước Long",
        planned_arrival=now,
        planned_departure=now,
        required_photos=[PhotoType.CONTAINER_EXTERIOR],
    )
    dispatch_services.dispatch(
        make_user(Role.DISPATCHER),
        shipment.public_id,
        driver_id=driver.public_id,
        tractor_id=tractor.public_id,
    )

    page = login(driver.user, viewport={"width": 390, "height": 844})
    page.goto(f"/driver/?date={timezone.localdate(now).isoformat()}")
    with page.expect_navigation():
        page.click("form[action*='/start/'] button")
    with page.expect_navigation():
        page.click(f"form[action$='/stops/{stop.public_id}/check-in/'] button")
    with page.expect_navigation(timeout=60_000):
        page.set_input_files(f"#photo-{stop.public_id}-CONTAINER_EXTERIOR", str(original))

    pod = PodFile.objects.get(stop=stop)
    assert pod.received_size < 1.5 * 1024 * 1024  # shrunk before it left the phone
    assert max(pod.width, pod.height) == 1920
    assert (pod.width, pod.height) == (1440, 1920)  # upright
    assert timezone.localtime(pod.captured_at).strftime("%Y:%m:%d %H:%M:%S") == (
        "2026:11:20 14:30:00"
    )
    assert (str(pod.latitude), str(pod.longitude)) == ("10.760000", "106.720000")
