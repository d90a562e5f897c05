"""The driver's trip through the API: start, check-in/out in order, delivery, isolation."""

import pytest
from django.dispatch import receiver

from unicon.core.errors import Conflict
from unicon.core.roles import Role
from unicon.dispatch.models import DriverTask, TaskStatus
from unicon.dispatch.signals import stop_check_out_requested
from unicon.shipments.models import EventKind, OperationStatus, Stop

from .conftest import body, day, dispatch_url


@pytest.fixture
def assigned(dispatcher_api, fleet, make_shipment, api_login):
    """A dispatched 3-stop shipment and an API client logged in as its driver."""
    shipment = make_shipment(stops=3)
    task = dispatcher_api.post(dispatch_url(shipment), body(*fleet)).json()
    driver_api = api_login(fleet[0].user)
    stops = list(shipment.stops.order_by("sequence"))
    return shipment, task, driver_api, stops


def _url(task, stop=None, action="start"):
    if stop is None:
        return f"/api/driver/tasks/{task['id']}/start"
    return f"/api/driver/tasks/{task['id']}/stops/{stop.public_id}/{action}"


def test_driver_sees_own_tasks_of_the_day_with_stops(assigned):
    shipment, task, driver_api, stops = assigned
    response = driver_api.get("/api/driver/tasks", {"date": day().isoformat()})
    assert response.status_code == 200, response.content
    [mine] = response.json()
    assert mine["id"] == task["id"]
    assert mine["shipment"]["number"] == shipment.number
    assert [s["sequence"] for s in mine["shipment"]["stops"]] == [1, 2, 3]
    assert mine["shipment"]["stops"][0]["id"] == str(stops[0].public_id)
    other_day = driver_api.get("/api/driver/tasks", {"date": "2000-01-01"}).json()
    assert other_day == []


def test_full_trip_end_to_end(assigned):
    shipment, task, driver_api, stops = assigned
    started = driver_api.post(_url(task))
    assert started.status_code == 200, started.content
    assert started.json()["status"] == "IN_PROGRESS"
    assert started.json()["shipment"]["status"] == "IN_TRANSIT"
    replayed = driver_api.post(_url(task))  # a phone's retry: the running task, no error
    assert (replayed.status_code, replayed.json()["status"]) == (200, "IN_PROGRESS")

    # out of order: stop 2 before stop 1 is done
    response = driver_api.post(_url(task, stops[1], "check-in"))
    assert response.status_code == 409
    assert "stop 1" in response.json()["error"]["message"]
    # check-out needs a check-in
    assert driver_api.post(_url(task, stops[0], "check-out")).status_code == 409

    gps = {"latitude": 10.7626, "longitude": 106.7432, "note": "at the gate"}
    for index, stop in enumerate(stops):
        checked_in = driver_api.post(_url(task, stop, "check-in"), gps)
        assert checked_in.status_code == 200, checked_in.content
        arrived = Stop.objects.get(pk=stop.pk).actual_arrival
        again = driver_api.post(_url(task, stop, "check-in"))  # a retry changes nothing
        assert again.status_code == 200, again.content
        assert Stop.objects.get(pk=stop.pk).actual_arrival == arrived
        if index + 1 < len(stops):  # the next stop waits for this check-out
            assert driver_api.post(_url(task, stops[index + 1], "check-in")).status_code == 409
        checked_out = driver_api.post(_url(task, stop, "check-out"))
        assert checked_out.status_code == 200, checked_out.content
        assert driver_api.post(_url(task, stop, "check-out")).status_code == 200  # a retry

    assert checked_out.json()["status"] == "COMPLETED"
    assert checked_out.json()["shipment"]["status"] == "DELIVERED"
    shipment.refresh_from_db()
    assert shipment.operation_status == OperationStatus.DELIVERED
    assert shipment.actual_start and shipment.actual_end
    for stop in shipment.stops.all():
        assert stop.actual_arrival and stop.actual_departure
        assert float(stop.arrival_latitude) == pytest.approx(10.7626)
    events = list(shipment.events.order_by("created_at", "id").values_list("kind", "to_status"))
    assert events.count((EventKind.CHECK_IN, "")) == 3
    assert events.count((EventKind.CHECK_OUT, "")) == 3
    assert (EventKind.OPERATION_STATUS, "IN_TRANSIT") in events
    assert events[-1] == (EventKind.OPERATION_STATUS, "DELIVERED")
    checkin_event = shipment.events.filter(kind=EventKind.CHECK_IN).first()
    assert checkin_event.stop_id == stops[0].pk
    assert checkin_event.note == "at the gate"
    # a finished task: a late retry of a check-in answers with it as it is, changing nothing
    late = driver_api.post(_url(task, stops[0], "check-in"))
    assert (late.status_code, late.json()["status"]) == (200, "COMPLETED")
    assert shipment.events.filter(kind=EventKind.CHECK_IN).count() == 3


def test_first_check_in_starts_the_trip(assigned):
    shipment, task, driver_api, stops = assigned
    response = driver_api.post(_url(task, stops[0], "check-in"))
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "IN_PROGRESS"
    shipment.refresh_from_db()
    assert shipment.operation_status == OperationStatus.IN_TRANSIT


def test_finish_the_current_trip_first(assigned, dispatcher_api, fleet, make_shipment):
    _, task, driver_api, _stops = assigned
    later = make_shipment(start_hour=18, end_hour=22)
    second = dispatcher_api.post(dispatch_url(later), body(*fleet)).json()
    assert driver_api.post(_url(task)).status_code == 200
    refused = driver_api.post(_url(second))
    assert refused.status_code == 409
    assert "Finish the current trip first" in refused.json()["error"]["message"]
    first_stop = later.stops.get(sequence=1)
    assert driver_api.post(_url(second, first_stop, "check-in")).status_code == 409


def test_gps_is_validated(assigned):
    _, task, driver_api, stops = assigned
    assert (
        driver_api.post(
            _url(task, stops[0], "check-in"), {"latitude": 91, "longitude": 1}
        ).status_code
        == 422
    )
    assert (
        driver_api.post(
            _url(task, stops[0], "check-in"), {"latitude": 10, "longitude": 181}
        ).status_code
        == 422
    )
    half = driver_api.post(_url(task, stops[0], "check-in"), {"latitude": 10})
    assert half.status_code == 400
    assert not DriverTask.objects.get(public_id=task["id"]).started_at


def test_check_out_hook_can_refuse(assigned):
    _, task, driver_api, stops = assigned

    @receiver(stop_check_out_requested)
    def require_photos(sender, stop, task, **kwargs):
        raise Conflict(f"Photos missing at stop {stop.sequence}.")

    try:
        assert driver_api.post(_url(task, stops[0], "check-in")).status_code == 200
        refused = driver_api.post(_url(task, stops[0], "check-out"))
        assert refused.status_code == 409
        assert refused.json()["error"]["message"] == "Photos missing at stop 1."
        stops[0].refresh_from_db()
        assert stops[0].actual_departure is None
    finally:
        stop_check_out_requested.disconnect(require_photos)
    assert driver_api.post(_url(task, stops[0], "check-out")).status_code == 200


def test_stop_of_another_shipment_is_404(assigned, make_shipment):
    _, task, driver_api, _ = assigned
    foreign = make_shipment().stops.first()
    assert driver_api.post(_url(task, foreign, "check-in")).status_code == 404


def test_another_driver_cannot_see_or_act(assigned, make_driver, api_login):
    _, task, _, stops = assigned
    intruder = api_login(make_driver().user)
    assert intruder.get("/api/driver/tasks", {"date": day().isoformat()}).json() == []
    assert intruder.post(_url(task)).status_code == 404
    assert intruder.post(_url(task, stops[0], "check-in")).status_code == 404
    assert intruder.post(_url(task, stops[0], "check-out")).status_code == 404
    assert DriverTask.objects.get(public_id=task["id"]).status == TaskStatus.PENDING


def test_driver_sees_only_own_shipments(assigned, make_driver, api_login):
    shipment, _, driver_api, _ = assigned
    assert driver_api.get(f"/api/shipments/{shipment.public_id}").status_code == 200
    intruder = api_login(make_driver().user)
    assert intruder.get(f"/api/shipments/{shipment.public_id}").status_code == 404


@pytest.mark.parametrize(
    "role", [Role.CUSTOMER_OWNER, Role.CUSTOMER_OPS, Role.OPS, Role.DISPATCHER]
)
def test_driver_endpoints_need_the_driver_role(role, assigned, api_login, make_user):
    _, task, _, stops = assigned
    client = api_login(make_user(role))
    assert client.get("/api/driver/tasks").status_code == 403
    assert client.post(_url(task)).status_code == 403
    assert client.post(_url(task, stops[0], "check-in")).status_code == 403


def test_admin_may_act_for_a_driver(assigned, api_login, make_user, fleet):
    _, task, _, stops = assigned
    admin = api_login(make_user(Role.ADMIN))
    listed = admin.get(
        "/api/driver/tasks", {"date": day().isoformat(), "driverId": str(fleet[0].public_id)}
    )
    assert [t["id"] for t in listed.json()] == [task["id"]]
    assert admin.get("/api/driver/tasks").status_code == 400
    assert admin.post(_url(task, stops[0], "check-in")).status_code == 200


def test_driver_without_profile_is_forbidden(api_login, make_user):
    client = api_login(make_user(Role.DRIVER))
    assert client.get("/api/driver/tasks").status_code == 403


def test_unassign_refused_once_the_trip_started(assigned, dispatcher_api):
    shipment, task, driver_api, _ = assigned
    driver_api.post(_url(task))
    response = dispatcher_api.delete(dispatch_url(shipment))
    assert response.status_code == 409


def test_a_running_trip_is_listed_on_later_days(assigned):
    _, task, driver_api, _ = assigned
    assert driver_api.post(_url(task)).status_code == 200
    next_day = driver_api.get("/api/driver/tasks", {"date": day(4).isoformat()}).json()
    assert [t["id"] for t in next_day] == [task["id"]]


def test_openapi_documents_the_dispatch_endpoints(anon):
    spec = anon.get("/api/openapi.json")
    assert spec.status_code == 200
    paths = spec.json()["paths"]
    for path in (
        "/api/shipments/{shipment_id}/dispatch",
        "/api/dispatch/quick",
        "/api/dispatch/drivers/{driver_id}/order",
        "/api/dispatch/availability",
        "/api/dispatch/board",
        "/api/dispatch/tasks",
        "/api/driver/tasks",
        "/api/driver/tasks/{task_id}/start",
        "/api/driver/tasks/{task_id}/stops/{stop_id}/check-in",
        "/api/driver/tasks/{task_id}/stops/{stop_id}/check-out",
    ):
        assert path in paths, path


def test_a_write_refused_half_way_leaves_no_audit_entry_nor_history_line(assigned):
    """The check-in writes its audit entries and history lines at its end (`audit.batched`):
    an error after the rows changed drops them with the rest of the transaction."""
    from unicon.core.models import AuditEntry
    from unicon.shipments.models import ShipmentEvent
    from unicon.shipments.services import status_changed

    shipment, task, driver_api, stops = assigned

    def refuse_the_start(sender, to_status, **kwargs):
        if to_status == OperationStatus.IN_TRANSIT:
            raise Conflict("The trip cannot start now.")

    audit_before, history_before = AuditEntry.objects.count(), ShipmentEvent.objects.count()
    status_changed.connect(refuse_the_start, dispatch_uid="test-refuse-start")
    try:
        refused = driver_api.post(_url(task, stops[0], "check-in"))
    finally:
        status_changed.disconnect(dispatch_uid="test-refuse-start")
    assert refused.status_code == 409, refused.content
    assert (AuditEntry.objects.count(), ShipmentEvent.objects.count()) == (
        audit_before,
        history_before,
    )
    assert DriverTask.objects.get(public_id=task["id"]).status == TaskStatus.PENDING

    assert driver_api.post(_url(task, stops[0], "check-in")).status_code == 200
    history = driver_api.get(f"/api/shipments/{shipment.public_id}/events")
    kinds = [(line["kind"], line["toStatus"]) for line in history.json()["items"]]
    assert kinds[-2:] == [("OPERATION_STATUS", "IN_TRANSIT"), ("CHECK_IN", "")], kinds
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions[-3:] == ["dispatch.start", "shipment.start", "stop.check_in"], actions
