"""Hand over a running trip (issue 13, item 10): the remaining stops go to another crew with a
reason, the old task ends in history, the new crew passes every assignment check, the
shipment stays IN_TRANSIT and the new driver finishes the trip."""

import pytest

from unicon.dispatch.models import DriverTask, TaskStatus
from unicon.fleet.models import VehicleType
from unicon.shipments.models import EventKind, OperationStatus

from .conftest import body, day, dispatch_url


def _url(task, stop=None, action="start"):
    if stop is None:
        return f"/api/driver/tasks/{task['id']}/start"
    return f"/api/driver/tasks/{task['id']}/stops/{stop.public_id}/{action}"


def handover_url(shipment) -> str:
    return f"/api/shipments/{shipment.public_id}/handover"


@pytest.fixture
def running(dispatcher_api, fleet, make_shipment, api_login):
    """A 3-stop trip on the road: stop 1 done, the driver on the way to stop 2."""
    shipment = make_shipment(stops=3)
    task = dispatcher_api.post(dispatch_url(shipment), body(*fleet)).json()
    driver_api = api_login(fleet[0].user)
    stops = list(shipment.stops.order_by("sequence"))
    assert driver_api.post(_url(task, stops[0], "check-in")).status_code == 200
    assert driver_api.post(_url(task, stops[0], "check-out")).status_code == 200
    return shipment, task, driver_api, stops


@pytest.fixture
def new_crew(make_vehicle, make_driver):
    return make_driver(), make_vehicle(VehicleType.TRACTOR), make_vehicle(VehicleType.TRAILER)


def test_hand_over_and_the_new_driver_finishes(
    running, new_crew, dispatcher_api, api_login, fleet, make_shipment
):
    shipment, old_task, old_api, stops = running
    response = dispatcher_api.post(
        handover_url(shipment), body(*new_crew, reason="Xe hỏng máy ở Thủ Đức")
    )
    assert response.status_code == 201, response.content
    new_task = response.json()
    assert new_task["status"] == "PENDING"
    old = DriverTask.objects.get(public_id=old_task["id"])
    assert (old.status, old.close_reason) == (TaskStatus.HANDED_OVER, "Xe hỏng máy ở Thủ Đức")
    shipment.refresh_from_db()
    assert shipment.operation_status == OperationStatus.IN_TRANSIT
    line = shipment.events.filter(kind=EventKind.ASSIGNMENT, data__handover=True).get()
    assert line.data["completedStops"] == [1]
    assert line.data["previousTask"] == old_task["id"]

    # the old driver's page shows the ended task; they can no longer act on it
    mine = old_api.get("/api/driver/tasks", {"date": day().isoformat()}).json()
    assert [(t["id"], t["status"]) for t in mine] == [(old_task["id"], "HANDED_OVER")]
    assert old_api.post(_url(old_task, stops[1], "check-in")).status_code == 409
    # the old crew is free again: it can take another trip at the same time
    other = make_shipment(stops=1)
    assert dispatcher_api.post(dispatch_url(other), body(*fleet)).status_code == 200

    new_api = api_login(new_crew[0].user)
    for stop in stops[1:]:
        assert new_api.post(_url(new_task, stop, "check-in")).status_code == 200
        done = new_api.post(_url(new_task, stop, "check-out"))
        assert done.status_code == 200, done.content
    assert done.json()["status"] == "COMPLETED"
    shipment.refresh_from_db()
    assert shipment.operation_status == OperationStatus.DELIVERED
    statuses = list(shipment.events.values_list("to_status", flat=True))
    assert statuses.count("IN_TRANSIT") == 1  # the hand-over did not move the status


def test_the_new_crew_passes_the_assignment_checks(
    running, new_crew, dispatcher_api, make_shipment
):
    shipment, old_task, _api, _stops = running
    busy = make_shipment(stops=1)
    assert dispatcher_api.post(dispatch_url(busy), body(*new_crew)).status_code == 200
    refused = dispatcher_api.post(handover_url(shipment), body(*new_crew, reason="ốm"))
    assert refused.status_code == 409
    assert any(busy.number in p for p in refused.json()["error"]["details"]["problems"])
    assert DriverTask.objects.get(public_id=old_task["id"]).status == TaskStatus.IN_PROGRESS


def test_refusals_change_nothing(running, new_crew, dispatcher_api, make_shipment):
    shipment, _task, driver_api, _stops = running
    no_reason = dispatcher_api.post(handover_url(shipment), body(*new_crew, reason="  "))
    assert no_reason.status_code == 400
    assert driver_api.post(handover_url(shipment), body(*new_crew, reason="x")).status_code == 403
    not_started = make_shipment(stops=1)
    assert dispatcher_api.post(dispatch_url(not_started), body(*new_crew)).status_code == 200
    early = dispatcher_api.post(handover_url(not_started), body(*new_crew, reason="x"))
    assert early.status_code == 409
    assert DriverTask.objects.filter(shipment=shipment).count() == 1


def test_page_in_vietnamese(running, new_crew, client, dispatcher, fleet, settings):
    shipment, old_task, _api, _stops = running
    settings.LANGUAGE_CODE = "vi"  # the pages' default language
    client.force_login(dispatcher)
    detail = client.get(f"/ops/shipments/{shipment.public_id}/")
    assert "Bàn giao chuyến" in detail.content.decode()
    page = client.get(f"/dispatcher/handover/{shipment.public_id}/")
    assert page.status_code == 200
    assert "Lý do bàn giao" in page.content.decode()
    driver, tractor, trailer = new_crew
    shipment.refresh_from_db()
    done = client.post(
        f"/dispatcher/handover/{shipment.public_id}/",
        {
            "driver_id": driver.public_id,
            "tractor_id": tractor.public_id,
            "trailer_id": trailer.public_id,
            "reason": "Tài xế ốm",
            "version": shipment.version,
        },
    )
    assert done.status_code == 302
    assert DriverTask.objects.get(public_id=old_task["id"]).status == TaskStatus.HANDED_OVER
    # both drivers' pages show the result: the old one the reason and no buttons, the new
    # one the remaining stops to check in
    client.force_login(fleet[0].user)
    old_page = client.get(f"/driver/?date={day().isoformat()}").content.decode()
    assert "Đã bàn giao cho tổ lái khác: Tài xế ốm" in old_page
    assert "/check-in/" not in old_page and "/check-out/" not in old_page
    client.force_login(driver.user)
    new_page = client.get(f"/driver/?date={day().isoformat()}").content.decode()
    assert shipment.number in new_page and "Check-in tại điểm dừng 2" in new_page
