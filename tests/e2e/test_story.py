"""The main story in real Chromium: customer request → ops → dispatcher → driver → customer."""

import datetime as dt

import pytest
from django.utils import timezone
from PIL import Image

from unicon.core.roles import Role
from unicon.customers.models import Location, LocationKind
from unicon.dispatch import services as dispatch_services
from unicon.fleet.models import VehicleType
from unicon.shipments.models import OperationStatus, Shipment, Stop, StopType

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("flushable_audit", "stop_templates"),
]


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "gate.jpg"
    Image.new("RGB", (640, 480), (30, 120, 200)).save(path, "JPEG")
    return str(path)


def _local(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_default_timezone())


def test_request_dispatch_drive_deliver(
    login, shot, photo, make_user, make_customer, make_driver, make_vehicle
):
    day = timezone.localdate() + dt.timedelta(days=1)
    company = make_customer(code="APT", name="An Phát Thịnh")
    customer = make_user(Role.CUSTOMER_OWNER, customer=company, full_name="Chủ hàng")
    ops = make_user(Role.OPS, full_name="Điều hành")
    dispatcher = make_user(Role.DISPATCHER, full_name="Điều độ")
    own = Location.objects.create(
        name="Kho An Phát Thịnh", kind=LocationKind.WAREHOUSE, customer=company
    )
    depot = Location.objects.create(name="Depot Phước Long", kind=LocationKind.DEPOT)
    port = Location.objects.create(name="Cảng Cát Lái", kind=LocationKind.PORT)
    crews = []
    for _ in range(2):
        tractor, trailer = make_vehicle(VehicleType.TRACTOR), make_vehicle(VehicleType.TRAILER)
        crews.append((make_driver(default_tractor=tractor, default_trailer=trailer), tractor))
    (busy_driver, busy_tractor), (driver, tractor) = crews
    # another shipment already holds the first crew for the whole day
    other = Shipment.objects.create(
        number="SHP-2099-0001",
        customer=make_customer(),
        shipment_type="IMPORT",
        operation_status=OperationStatus.PENDING,
        planned_start=_local(day, 7),
        planned_end=_local(day, 18),
    )
    Stop.objects.create(
        shipment=other,
        sequence=1,
        stop_type=StopType.PORT,
        location_name="Cát Lái",
        planned_arrival=other.planned_start,
        planned_departure=other.planned_end,
    )
    dispatch_services.dispatch(
        dispatcher,
        other.public_id,
        driver_id=busy_driver.public_id,
        tractor_id=busy_tractor.public_id,
    )

    # 1. the customer requests an EXPORT shipment from its address book and submits it
    page = login(customer)
    shot(page, "customer-list")
    page.goto("/customer/shipments/new/")
    page.fill("#planned_start", f"{day.isoformat()}T08:00")
    page.fill("#planned_end", f"{day.isoformat()}T17:00")
    page.fill("#container_number", "MSKU1234565")
    for index, location in enumerate((depot, own, port)):
        page.select_option(f"#stop-{index}-location_id", str(location.public_id))
    shot(page, "customer-request")
    with page.expect_navigation():
        page.click("button.primary[value=save]")
    shipment = Shipment.objects.get(customer=company)
    assert page.url.endswith(f"/customer/shipments/{shipment.public_id}/")
    with page.expect_navigation():
        page.click("form[action$='/status/'] button.primary")
    assert page.get_attribute("#op-status", "data-status") == "PENDING"
    shot(page, "customer-detail-pending")

    # 2. ops finds it with the htmx search and opens it
    page = login(ops)
    page.fill("#f-q", shipment.number)
    page.wait_for_selector(f"#results a:text-is('{shipment.number}')")
    page.wait_for_function("location.search.includes('q=SHP')")  # the URL keeps the filter
    assert page.locator("#results tbody tr").count() == 1
    shot(page, "ops-list")
    with page.expect_navigation():
        page.click(f"#results a:text-is('{shipment.number}')")
    assert page.locator(".stops > li").count() == 3
    shot(page, "ops-detail")
    # ops accept the request: only then does it enter the dispatch queue (issue 13)
    with page.expect_navigation():
        page.click("#review button[value=accept]")
    shipment.refresh_from_db()
    assert shipment.review_status == "ACCEPTED"

    # 3. the dispatcher: the busy crew is refused, the free one assigned
    page = login(dispatcher)
    page.goto(f"/dispatcher/?date={day.isoformat()}")
    shot(page, "dispatcher-board")
    with page.expect_navigation():
        page.click(f"a[href='/dispatcher/assign/{shipment.public_id}/']")
    page.select_option("#driver_id", str(busy_driver.public_id))
    assert page.input_value("#tractor_id") == str(busy_tractor.public_id)  # default pre-selected
    # the conflict is named before submitting (htmx pre-check) …
    page.wait_for_selector("#precheck .problems")
    assert other.number in page.inner_text("#precheck")
    with page.expect_navigation():  # … and after: the dispatch service refuses it
        page.click("form button.primary")
    problems = page.locator(".problems[role=alert]")
    assert problems.is_visible()
    assert other.number in problems.inner_text()
    shot(page, "dispatcher-refused")
    page.select_option("#driver_id", str(driver.public_id))
    assert page.input_value("#tractor_id") == str(tractor.public_id)
    assert page.input_value("#trailer_id") == str(driver.default_trailer.public_id)
    page.wait_for_selector("#precheck .ok-note")
    with page.expect_navigation():
        page.click("form button.primary")
    assert "/dispatcher/" in page.url
    page.wait_for_selector(f".task a:text-is('{shipment.number}')")
    shot(page, "dispatcher-assigned")
    shipment.refresh_from_db()
    assert shipment.operation_status == OperationStatus.DISPATCHED

    # 4. the driver works every stop with photos (GPS allowed)
    page = login(
        driver.user,
        geolocation={"latitude": 10.7626, "longitude": 106.7461},
        permissions=["geolocation"],
        viewport={"width": 390, "height": 844},
    )
    page.goto(f"/driver/?date={day.isoformat()}")
    shot(page, "driver-trips")
    stops = list(shipment.stops.order_by("sequence"))
    for number, stop in enumerate(stops, start=1):
        page.wait_for_function("document.getElementById('gps-state').textContent.length > 0")
        with page.expect_navigation():
            page.click(f"form[action$='/stops/{stop.public_id}/check-in/'] button")
        kinds = list(stop.required_photos)
        if number == 1:  # leave one photo out: check-out is refused and says what is missing
            for kind in kinds[:-1]:
                with page.expect_navigation():
                    page.set_input_files(f"#photo-{stop.public_id}-{kind}", photo)
            with page.expect_navigation():
                page.click(f"form[action$='/stops/{stop.public_id}/check-out/'] button")
            assert page.locator(".messages .error").is_visible()
            shot(page, "driver-refused")
            stop.refresh_from_db()
            assert stop.actual_departure is None
            kinds = kinds[-1:]
        for kind in kinds:
            with page.expect_navigation():
                page.set_input_files(f"#photo-{stop.public_id}-{kind}", photo)
        if number == 1:
            shot(page, "driver-stop-ready")
        with page.expect_navigation():
            page.click(f"form[action$='/stops/{stop.public_id}/check-out/'] button")
        stop.refresh_from_db()
        assert stop.actual_departure is not None
    shipment.refresh_from_db()
    assert shipment.operation_status == OperationStatus.DELIVERED
    assert (
        stops[0].arrival_latitude is not None or Stop.objects.get(pk=stops[0].pk).arrival_latitude
    )

    # 5. the customer sees DELIVERED and every photo
    page = login(customer)
    page.goto(f"/customer/shipments/{shipment.public_id}/")
    assert page.get_attribute("#op-status", "data-status") == "DELIVERED"
    images = page.locator(".gallery img")
    expected = sum(len(s.required_photos) for s in stops)
    assert images.count() == expected
    page.wait_for_function(
        "Array.from(document.querySelectorAll('.gallery img'))"
        ".every(i => i.complete && i.naturalWidth > 0)"
    )
    shot(page, "customer-delivered")
