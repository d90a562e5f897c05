"""Dispatcher board actions and the driver's page, through the pages only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from unicon.core.roles import Role
from unicon.dispatch.models import DriverTask, TaskStatus
from unicon.pods.models import PodFile
from unicon.shipments.models import OperationStatus, Shipment

from .conftest import day


@pytest.fixture
def dispatcher_web(make_user, web):
    return web(make_user(Role.DISPATCHER))


def _crew(driver, tractor, trailer=None) -> dict:
    data = {"driver_id": str(driver.public_id), "tractor_id": str(tractor.public_id)}
    if trailer:
        data["trailer_id"] = str(trailer.public_id)
    return data


def test_board_lists_unassigned_and_tractors(dispatcher_web, make_shipment, fleet):
    shipment = make_shipment()
    page = dispatcher_web.get("/dispatcher/", {"date": day().isoformat()}).content.decode()
    assert shipment.number in page and str(fleet[1]) in page
    partial = dispatcher_web.get(
        "/dispatcher/",
        {"date": day().isoformat()},
        headers={"HX-Request": "true", "HX-Target": "board"},
    ).content.decode()
    assert shipment.number in partial and "<html" not in partial


def test_assign_preselects_defaults_and_refuses_double_booking(
    dispatcher_web, make_shipment, fleet
):
    driver, tractor, trailer = fleet
    first, second = make_shipment(), make_shipment()
    form = dispatcher_web.get(f"/dispatcher/assign/{first.public_id}/").content.decode()
    assert f'data-tractor="{tractor.public_id}"' in form
    ok = dispatcher_web.post(
        f"/dispatcher/assign/{first.public_id}/",
        {**_crew(driver, tractor, trailer), "version": first.version},
    )
    assert ok.status_code == 302
    first.refresh_from_db()
    assert first.operation_status == OperationStatus.DISPATCHED
    refused = dispatcher_web.post(
        f"/dispatcher/assign/{second.public_id}/",
        {**_crew(driver, tractor, trailer), "version": second.version},
    )
    assert refused.status_code == 409
    assert "already booked" in refused.content.decode()
    second.refresh_from_db()
    assert second.operation_status == OperationStatus.PENDING


def test_bad_ids_are_a_message_not_a_crash(dispatcher_web, make_shipment):
    shipment = make_shipment()
    response = dispatcher_web.post(
        f"/dispatcher/assign/{shipment.public_id}/",
        {"driver_id": "nope", "tractor_id": "", "version": shipment.version},
    )
    assert response.status_code == 400
    assert "Unknown driver." in response.content.decode()


def test_unassign_and_reorder(dispatcher_web, make_shipment, fleet, make_vehicle):
    driver, tractor, _trailer = fleet
    a, b = make_shipment(start_hour=6, end_hour=9), make_shipment(start_hour=10, end_hour=12)
    for s in (a, b):
        dispatcher_web.post(
            f"/dispatcher/assign/{s.public_id}/", {**_crew(driver, tractor), "version": s.version}
        )
    tasks = {t.shipment_id: t for t in DriverTask.objects.filter(status=TaskStatus.PENDING)}
    assert tasks[a.pk].sequence < tasks[b.pk].sequence
    dispatcher_web.post(
        f"/dispatcher/drivers/{driver.public_id}/order/",
        {"task": str(tasks[b.pk].public_id), "move": "up", "date": day().isoformat()},
    )
    tasks = {t.shipment_id: t for t in DriverTask.objects.filter(status=TaskStatus.PENDING)}
    assert tasks[b.pk].sequence < tasks[a.pk].sequence
    b.refresh_from_db()
    dispatcher_web.post(f"/dispatcher/unassign/{b.public_id}/", {"version": b.version})
    b.refresh_from_db()
    assert b.operation_status == OperationStatus.PENDING


def test_quick_dispatch(dispatcher_web, fleet, make_customer):
    driver, tractor, trailer = fleet
    d = day()
    data = {
        "customer_id": str(make_customer().public_id),
        "planned_start": f"{d.isoformat()}T08:00",
        "planned_end": f"{d.isoformat()}T12:00",
        "stop_count": "1",
        "stop-0-location_name": "Cát Lái",
        "stop-0-stop_type": "PORT",
        "op": "save",
        **_crew(driver, tractor, trailer),
    }
    bad = dispatcher_web.post("/dispatcher/quick/", {**data, "planned_end": ""})
    assert bad.status_code == 400
    assert not Shipment.objects.exists()
    ok = dispatcher_web.post("/dispatcher/quick/", data)
    assert ok.status_code == 302
    assert Shipment.objects.get().operation_status == OperationStatus.DISPATCHED


def _jpeg() -> SimpleUploadedFile:
    from io import BytesIO

    buffer = BytesIO()
    Image.new("RGB", (64, 48), (200, 10, 10)).save(buffer, "JPEG")
    return SimpleUploadedFile("p.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_driver_day(make_shipment, fleet, make_user, web, make_vehicle, make_driver):
    driver, tractor, trailer = fleet
    shipment = make_shipment(stops=1)
    stop = shipment.stops.get()
    stop.required_photos = ["PORT_GATE_PASS"]
    stop.save()
    dispatcher = web(make_user(Role.DISPATCHER))
    dispatcher.post(
        f"/dispatcher/assign/{shipment.public_id}/",
        {**_crew(driver, tractor, trailer), "version": shipment.version},
    )
    task = DriverTask.objects.get()
    client = web(driver.user)
    page = client.get("/driver/", {"date": day().isoformat()}).content.decode()
    assert shipment.number in page
    base = f"/driver/tasks/{task.public_id}/stops/{stop.public_id}"
    client.post(f"{base}/check-in/", {"latitude": "10.76", "longitude": "106.74"})
    stop.refresh_from_db()
    assert stop.actual_arrival is not None and stop.arrival_latitude is not None
    page = client.get("/driver/", {"date": day().isoformat()}).content.decode()
    assert 'accept="image/*" capture="environment"' in page
    refused = client.post(f"{base}/check-out/", follow=True).content.decode()
    assert "still needs photos" in refused
    photo_url = f"/driver/shipments/{shipment.public_id}/stops/{stop.public_id}/photo/"
    bad = client.post(
        photo_url,
        {"photo_type": "PORT_GATE_PASS", "file": SimpleUploadedFile("x.txt", b"no")},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert bad.status_code == 400 and not PodFile.objects.exists()
    ok = client.post(
        photo_url,
        {"photo_type": "PORT_GATE_PASS", "file": _jpeg()},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert ok.status_code == 200
    client.post(f"{base}/check-out/")
    shipment.refresh_from_db()
    assert shipment.operation_status == OperationStatus.DELIVERED
    # another driver cannot touch this task or upload to this shipment
    intruder = web(make_driver().user)
    assert intruder.post(f"{base}/check-in/").status_code == 404
    assert (
        intruder.post(
            photo_url,
            {"photo_type": "PORT_GATE_PASS", "file": _jpeg()},
            headers={"X-Requested-With": "XMLHttpRequest"},
        ).status_code
        == 404
    )


def test_driver_start_repeated_is_no_error(make_shipment, fleet, web, make_user):
    driver, tractor, _trailer = fleet
    shipment = make_shipment(status=OperationStatus.PENDING)
    dispatcher = web(make_user(Role.DISPATCHER))
    dispatcher.post(
        f"/dispatcher/assign/{shipment.public_id}/",
        {**_crew(driver, tractor), "version": shipment.version},
    )
    task = DriverTask.objects.get()
    client = web(driver.user)
    client.post(f"/driver/tasks/{task.public_id}/start/")
    again = client.post(f"/driver/tasks/{task.public_id}/start/", follow=True)  # a retry
    assert again.status_code == 200
    assert 'class="error"' not in again.content.decode()
    task.refresh_from_db()
    assert task.status == "IN_PROGRESS"


def test_malformed_version_is_refused_not_a_crash(dispatcher_web, make_shipment, fleet):
    """A version that is not a number is refused (never replaced by the stored one, which
    would overwrite another dispatcher's change): see tests/web/test_readable_errors.py."""
    driver, tractor, _trailer = fleet
    shipment = make_shipment()
    response = dispatcher_web.post(
        f"/dispatcher/assign/{shipment.public_id}/", {**_crew(driver, tractor), "version": "abc"}
    )
    assert response.status_code == 400
    ok = dispatcher_web.post(
        f"/dispatcher/assign/{shipment.public_id}/",
        {**_crew(driver, tractor), "version": shipment.version},
    )
    assert ok.status_code == 302
    refused = dispatcher_web.post(
        f"/dispatcher/unassign/{shipment.public_id}/", {"version": "abc"}, follow=True
    )
    assert refused.status_code == 200
    shipment.refresh_from_db()
    assert shipment.operation_status == OperationStatus.DISPATCHED


def test_board_query_count_does_not_grow(dispatcher_web, make_shipment, make_driver, make_vehicle):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n):
        for _ in range(n):
            tractor = make_vehicle()
            driver = make_driver(default_tractor=tractor)
            shipment = make_shipment()
            dispatcher_web.post(
                f"/dispatcher/assign/{shipment.public_id}/",
                {**_crew(driver, tractor), "version": shipment.version},
            )
            make_shipment()  # and one waiting

    def count():
        params = {"date": day().isoformat()}
        dispatcher_web.get("/dispatcher/", params)
        with CaptureQueriesContext(connection) as ctx:
            assert dispatcher_web.get("/dispatcher/", params).status_code == 200
        return len(ctx.captured_queries)

    add(1)
    few = count()
    add(6)
    assert count() <= few  # (a session refresh may fall in the first one)


def test_precheck_names_conflicts_before_submit(dispatcher_web, make_shipment, fleet):
    driver, tractor, trailer = fleet
    first, second = make_shipment(), make_shipment()
    dispatcher_web.post(
        f"/dispatcher/assign/{first.public_id}/",
        {**_crew(driver, tractor, trailer), "version": first.version},
    )
    url = f"/dispatcher/assign/{second.public_id}/check/"
    busy = dispatcher_web.get(url, _crew(driver, tractor, trailer), headers={"HX-Request": "true"})
    assert busy.status_code == 200
    assert "already booked" in busy.content.decode() and first.number in busy.content.decode()
    empty = dispatcher_web.get(url, {"driver_id": "x"}).content.decode()
    assert "refused" not in empty
    second.refresh_from_db()
    assert second.operation_status == OperationStatus.PENDING


def test_admin_picks_a_driver_on_the_driver_page(make_shipment, fleet, make_user, web):
    driver, tractor, _trailer = fleet
    shipment = make_shipment()
    admin = web(make_user(Role.ADMIN))
    admin.post(
        f"/dispatcher/assign/{shipment.public_id}/",
        {**_crew(driver, tractor), "version": shipment.version},
    )
    assert 'class="card trip"' not in admin.get("/driver/").content.decode()  # no one chosen
    page = admin.get("/driver/", {"driver": str(driver.public_id), "date": day().isoformat()})
    assert shipment.number in page.content.decode()
    assert admin.get("/driver/", {"driver": "nope"}).status_code == 200
