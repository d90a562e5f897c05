"""The driver's day (issue 13 point 3: day picker, planned times, instructions, finished trips
below) and the print pages (point 9: trip sheet, delivery note), through HTTP only."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from unicon.core.roles import Role
from unicon.dispatch.models import DriverTask
from unicon.shipments.models import OperationStatus

from .conftest import at
from .test_dispatch_driver import _crew, _jpeg

TODAY = timezone.localdate


@pytest.fixture
def assign(make_user, web):
    dispatcher = web(make_user(Role.DISPATCHER))

    def run(shipment, crew) -> DriverTask:
        response = dispatcher.post(
            f"/dispatcher/assign/{shipment.public_id}/",
            {**_crew(*crew), "version": shipment.version},
        )
        assert response.status_code == 302
        return DriverTask.objects.get(shipment=shipment, status="PENDING")

    return run


def _drive_through(client, task) -> None:
    for stop in task.shipment.stops.order_by("sequence"):
        base = f"/driver/tasks/{task.public_id}/stops/{stop.public_id}"
        assert client.post(f"{base}/check-in/").status_code == 302
        assert client.post(f"{base}/check-out/").status_code == 302


def test_day_picker_offers_today_tomorrow_and_the_next_days(make_shipment, fleet, web, assign):
    driver, tractor, trailer = fleet
    later = TODAY() + dt.timedelta(days=2)
    shipment = make_shipment(on=later, stops=1)
    assign(shipment, (driver, tractor, trailer))
    client = web(driver.user)
    page = client.get("/driver/").content.decode()
    links = re.findall(r'class="chip" href="\?date=([\d-]+)"', page)
    assert links == [(TODAY() + dt.timedelta(days=n)).isoformat() for n in range(7)]
    assert re.search(r'aria-current="date"><strong>Today</strong>', page)
    assert "Tomorrow" in page
    assert shipment.number not in page and "No trips for this day." in page
    page = client.get("/driver/", {"date": later.isoformat()}).content.decode()
    assert shipment.number in page
    assert f'href="?date={later.isoformat()}" aria-current="date"' in page
    # a malformed day is today, not an error
    assert client.get("/driver/", {"date": "31/02/xx"}).status_code == 200


def test_stops_show_planned_times_instructions_and_contact(make_shipment, fleet, web, assign):
    driver, tractor, trailer = fleet
    shipment = make_shipment(on=TODAY(), stops=2)
    shipment.special_instructions = "Gate 3 only"
    shipment.container_number = "MSKU1234565"
    shipment.booking_number = "BK-778899"
    shipment.save()
    first = shipment.stops.get(sequence=1)
    first.planned_arrival, first.planned_departure = at(TODAY(), 7, 30), at(TODAY(), 8, 15)
    first.instructions = "Check the seal twice"
    first.contact_person, first.contact_phone = "Mr Thanh", "0912345601"
    first.required_photos = ["PORT_GATE_PASS"]
    first.save()
    task = assign(shipment, (driver, tractor, trailer))
    client = web(driver.user)
    page = client.get("/driver/").content.decode()
    assert "arrive <strong>07:30</strong>" in page and "leave <strong>08:15</strong>" in page
    for text in ("Gate 3 only", "Check the seal twice", "Mr Thanh", "MSKU1234565", "BK-778899"):
        assert text in page
    assert 'href="tel:0912345601"' in page
    assert "Photos to take here" in page
    assert f"/driver/tasks/{task.public_id}/sheet/" in page
    client.post(f"/driver/tasks/{task.public_id}/stops/{first.public_id}/check-in/")
    page = client.get("/driver/").content.decode()
    assert "Before checking out of stop 1, still missing" in page


def test_finished_trips_come_below_the_next_one(make_shipment, fleet, web, assign):
    driver, tractor, trailer = fleet
    early = make_shipment(on=TODAY(), start_hour=1, end_hour=2, stops=1)
    late = make_shipment(on=TODAY(), start_hour=20, end_hour=22, stops=1)
    early_task = assign(early, (driver, tractor, trailer))
    assign(late, (driver, tractor, trailer))
    client = web(driver.user)
    _drive_through(client, early_task)
    page = client.get("/driver/").content.decode()
    assert page.index(late.number) < page.index("Finished trips") < page.index(early.number)
    # nothing left to drive: the page says so and still lists the finished trip
    late_task = DriverTask.objects.get(shipment=late)
    _drive_through(client, late_task)
    page = client.get("/driver/").content.decode()
    assert "Every trip of this day is finished." in page and early.number in page


def test_service_worker_and_offline_page_need_no_login(client):
    worker = client.get("/driver/sw.js")
    assert worker.status_code == 200
    assert worker["Content-Type"].startswith("text/javascript")
    assert '"/driver/offline/"' in worker.content.decode()
    offline = client.get("/driver/offline/", headers={"Accept-Language": "vi"})
    assert offline.status_code == 200
    assert 'data-unsent="none"' in offline.content.decode()


def test_trip_sheet_for_its_driver_and_the_office_only(
    make_shipment, fleet, web, assign, make_user, make_driver
):
    driver, tractor, trailer = fleet
    shipment = make_shipment(on=TODAY(), stops=2)
    shipment.container_number, shipment.booking_number = "MSKU1234565", "BK-778899"
    shipment.save()
    stop = shipment.stops.get(sequence=2)
    stop.instructions, stop.contact_person = "Unload at door 4", "Ms Lan"
    stop.save()
    task = assign(shipment, (driver, tractor, trailer))
    url = f"/driver/tasks/{task.public_id}/sheet/"
    page = web(driver.user).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    for expected in ("Trip sheet", "MSKU1234565", "BK-778899", "Unload at door 4", "Ms Lan"):
        assert expected in text
    assert "@media print" in text and "size: A4" in text
    for role in (Role.DISPATCHER, Role.OPS, Role.ADMIN):
        assert web(make_user(role)).get(url).status_code == 200
    assert web(make_driver().user).get(url).status_code == 404  # another driver's trip
    assert web(make_user(Role.CUSTOMER_OWNER)).get(url).status_code == 403
    assert web(make_user(Role.ACCOUNTING)).get(url).status_code == 403
    missing = f"/driver/tasks/{shipment.public_id}/sheet/"  # not a task id
    assert web(driver.user).get(missing).status_code == 404
    pdf = web(driver.user).get(url, {"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Type"] == "application/pdf"
    # linked from the ops shipment page
    office = web(make_user(Role.OPS)).get(f"/ops/shipments/{shipment.public_id}/")
    assert url in office.content.decode()


def test_delivery_note_with_photos_for_the_customer(
    make_shipment, fleet, web, assign, make_user, make_customer, make_driver
):
    driver, tractor, trailer = fleet
    shipment = make_shipment(on=TODAY(), stops=1)
    stop = shipment.stops.get()
    stop.required_photos = ["PORT_GATE_PASS"]
    stop.save()
    owner = make_user(Role.CUSTOMER_OWNER, customer=shipment.customer)
    url = f"/shipments/{shipment.public_id}/delivery-note/"
    # not on the road yet: refused with a message, nothing printed
    refused = web(owner).get(url, follow=True)
    assert "printed once the trip has started" in refused.content.decode()
    task = assign(shipment, (driver, tractor, trailer))
    client = web(driver.user)
    base = f"/driver/tasks/{task.public_id}/stops/{stop.public_id}"
    client.post(f"{base}/check-in/")
    upload = client.post(
        f"/driver/shipments/{shipment.public_id}/stops/{stop.public_id}/photo/",
        {"photo_type": "PORT_GATE_PASS", "file": _jpeg()},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert upload.status_code == 200
    client.post(f"{base}/check-out/")
    shipment.refresh_from_db()
    assert shipment.operation_status == OperationStatus.DELIVERED
    pod = shipment.pod_files.get()
    page = web(owner).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Delivery note" in text and f"/api/pods/{pod.public_id}/file" in text
    assert "Receiver (customer)" in text
    pdf = web(owner).get(url, {"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert b"/Image" in pdf.content  # the photo is in the PDF itself
    # who else: the driver of the trip and the office; not another company or driver
    assert client.get(url).status_code == 200
    assert web(make_user(Role.DISPATCHER)).get(url).status_code == 200
    other = make_user(Role.CUSTOMER_OWNER, customer=make_customer())
    assert web(other).get(url).status_code == 404
    assert web(make_driver().user).get(url).status_code == 404
    # linked from the customer's and the office's shipment pages
    assert url in web(owner).get(f"/customer/shipments/{shipment.public_id}/").content.decode()
    ops_page = web(make_user(Role.OPS)).get(f"/ops/shipments/{shipment.public_id}/")
    assert url in ops_page.content.decode()


def test_print_pages_need_a_login(client):
    nobody = "00000000-0000-0000-0000-000000000000"
    assert client.get(f"/shipments/{nobody}/delivery-note/").status_code == 302
    assert client.get(f"/driver/tasks/{nobody}/sheet/").status_code == 302


def test_upload_form_has_a_retry_button_and_an_alert(make_shipment, fleet, web, assign):
    driver, tractor, trailer = fleet
    shipment = make_shipment(on=TODAY(), stops=1)
    stop = shipment.stops.get()
    stop.required_photos = ["PORT_GATE_PASS"]
    stop.save()
    task = assign(shipment, (driver, tractor, trailer))
    client = web(driver.user)
    client.post(f"/driver/tasks/{task.public_id}/stops/{stop.public_id}/check-in/")
    page = client.get("/driver/").content.decode()
    assert 'class="upload-state alert-box" role="alert" hidden' in page
    assert 'class="retry big" hidden' in page
    assert 'input.value = ""' in page  # the same photo may be chosen again
    assert '/driver/sw.js?lang=en"' in page  # one worker (and offline page) per language


def test_print_and_offline_pages_read_in_vietnamese(
    make_shipment, fleet, web, assign, make_user, make_customer, settings
):
    from .test_vietnamese_pages import ENGLISH, RAW, visible_text

    settings.LANGUAGE_CODE = "vi"
    driver, tractor, trailer = fleet
    driver.user.full_name = "Nguyễn Văn An"  # data in Vietnamese: only the UI is checked
    driver.user.save()
    shipment = make_shipment(on=TODAY(), stops=2, customer=make_customer(name="Công ty An Phát"))
    task = assign(shipment, (driver, tractor, trailer))
    client = web(driver.user)
    _drive_through(client, task)
    owner = make_user(Role.CUSTOMER_OWNER, customer=shipment.customer)
    pages = [
        (client, f"/driver/tasks/{task.public_id}/sheet/"),
        (client, "/driver/"),
        (client, "/driver/offline/"),
        (web(owner), f"/shipments/{shipment.public_id}/delivery-note/"),
    ]
    found = []
    for who, path in pages:
        response = who.get(path)
        assert response.status_code == 200, path
        text = visible_text(response.content.decode())
        for pattern in (RAW, ENGLISH):
            found.extend(f"{path}: {m}" for m in sorted(set(pattern.findall(text))))
    assert found == [], "\n".join(found)
