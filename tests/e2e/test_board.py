"""The dispatcher's timeline board in real Chromium (issue 13 §2): a request is assigned from
the board with the keyboard (choose it, then "Giao xe này" on a tractor row) and another by
dragging it onto a row; the bars appear on their rows, an off-road tractor says so."""

import datetime as dt

import pytest
from django.utils import timezone

from unicon.core.roles import Role
from unicon.dispatch.models import DriverTask
from unicon.fleet.models import VehicleStatus, VehicleType
from unicon.shipments.models import OperationStatus, Shipment, Stop, StopType

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("flushable_audit"),
]


def _request(number: str, customer, day: dt.date, hour: int) -> Shipment:
    tz = timezone.get_default_timezone()
    shipment = Shipment.objects.create(
        number=number,
        customer=customer,
        shipment_type="EXPORT",
        operation_status=OperationStatus.PENDING,
        planned_start=dt.datetime.combine(day, dt.time(hour), tzinfo=tz),
        planned_end=dt.datetime.combine(day, dt.time(hour + 4), tzinfo=tz),
    )
    Stop.objects.create(
        shipment=shipment,
        sequence=1,
        stop_type=StopType.PORT,
        location_name="Cảng Cát Lái",
        planned_arrival=shipment.planned_start,
        planned_departure=shipment.planned_end,
    )
    return shipment


def test_assign_from_the_board_by_keyboard_and_by_drag(
    login, shot, make_user, make_customer, make_driver, make_vehicle
):
    day = timezone.localdate() + dt.timedelta(days=1)
    dispatcher = make_user(Role.DISPATCHER, full_name="Điều độ")
    customer = make_customer(code="APT", name="An Phát Thịnh")
    crews = []
    for _ in range(2):
        tractor, trailer = make_vehicle(VehicleType.TRACTOR), make_vehicle(VehicleType.TRAILER)
        crews.append(
            (make_driver(default_tractor=tractor, default_trailer=trailer), tractor, trailer)
        )
    broken = make_vehicle(VehicleType.TRACTOR, status=VehicleStatus.MAINTENANCE)
    first = _request("SHP-2099-0101", customer, day, 8)
    second = _request("SHP-2099-0102", customer, day + dt.timedelta(days=2), 9)  # coming days

    page = login(dispatcher)
    page.goto(f"/dispatcher/?date={day.isoformat()}")
    waiting = page.locator("#h-unassigned").locator("..")
    assert first.number in waiting.inner_text() and second.number in waiting.inner_text()
    assert "Đang bảo dưỡng" in page.inner_text(f"#row-{broken.public_id}")
    shot(page, "dispatcher-timeline")

    # 1. keyboard only: choose the request, then the row's button
    driver, tractor, trailer = crews[0]
    page.focus(f"#req-{first.public_id}")
    page.keyboard.press("Space")
    assert page.is_checked(f"#req-{first.public_id}")
    page.focus(f"#row-{tractor.public_id} button.assign-here")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector(f"#row-{tractor.public_id} .task a:text-is('{first.number}')")
    assert page.locator(".messages .success").is_visible()
    task = DriverTask.objects.get(shipment=first)
    assert (task.driver_id, task.tractor_id, task.trailer_id) == (driver.pk, tractor.pk, trailer.pk)

    # 2. drag and drop the request of the coming days onto the second row (3-day view)
    page.goto(f"/dispatcher/?from={day.isoformat()}&days=3")
    driver, tractor, _trailer = crews[1]
    shot(page, "dispatcher-timeline-3days")
    with page.expect_navigation():
        page.drag_and_drop(
            f"[data-request='{second.public_id}']", f"#row-{tractor.public_id} .tl-name"
        )
    page.wait_for_selector(f"#row-{tractor.public_id} .task a:text-is('{second.number}')")
    shot(page, "dispatcher-timeline-assigned")
    second.refresh_from_db()
    assert second.operation_status == OperationStatus.DISPATCHED
    assert DriverTask.objects.get(shipment=second).driver_id == driver.pk

    # 3. move the first trip's bar (waiting to start) from its row onto the second tractor's
    page.goto(f"/dispatcher/?date={day.isoformat()}")
    first.refresh_from_db()
    bar = f"[data-move='{first.public_id}']"
    assert page.get_attribute(bar, "data-version") == str(first.version)
    assert page.locator(f"{bar} a.move-to").is_visible()  # the keyboard / no-JS "move to…"
    with page.expect_navigation():
        page.drag_and_drop(bar, f"#row-{tractor.public_id} .tl-name")
    page.wait_for_selector(f"#row-{tractor.public_id} .task a:text-is('{first.number}')")
    assert page.locator(f"#row-{crews[0][1].public_id} {bar}").count() == 0
    shot(page, "dispatcher-timeline-moved")
    task = DriverTask.objects.active().get(shipment=first)
    assert (task.driver_id, task.tractor_id) == (driver.pk, tractor.pk)
