"""The time the driver acted (issue 12, item 5): check-in, check-out and uploads accept
`occurredAt`, stored beside the server's receipt time, refused when implausible."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.pods.conftest import jpeg_bytes, upload_file
from unicon.core.roles import Role
from unicon.shipments.models import EventKind, Stop

from .conftest import body, dispatch_url


@pytest.fixture
def assigned(dispatcher_api, fleet, make_shipment, api_login):
    shipment = make_shipment(stops=2)
    task = dispatcher_api.post(dispatch_url(shipment), body(*fleet)).json()
    return shipment, task, api_login(fleet[0].user), list(shipment.stops.order_by("sequence"))


def _url(task, stop, action):
    return f"/api/driver/tasks/{task['id']}/stops/{stop.public_id}/{action}"


def _ago(**delta) -> str:
    return (timezone.now() - dt.timedelta(**delta)).replace(microsecond=0).isoformat()


def test_offline_check_in_and_out_keep_the_drivers_times(assigned, dispatcher_api):
    shipment, task, driver_api, stops = assigned
    arrived, left = _ago(hours=2), _ago(hours=1, minutes=30)
    response = driver_api.post(_url(task, stops[0], "check-in"), {"occurredAt": arrived})
    assert response.status_code == 200, response.content
    response = driver_api.post(_url(task, stops[0], "check-out"), {"occurredAt": left})
    assert response.status_code == 200, response.content
    stop = Stop.objects.get(pk=stops[0].pk)
    assert stop.actual_arrival == dt.datetime.fromisoformat(arrived)
    assert stop.actual_departure == dt.datetime.fromisoformat(left)
    assert stop.arrival_received_at - stop.actual_arrival > dt.timedelta(hours=1)

    history = dispatcher_api.get(f"/api/shipments/{shipment.public_id}/events")
    items = history.json()["items"]
    check_in = next(e for e in items if e["kind"] == EventKind.CHECK_IN)
    assert dt.datetime.fromisoformat(check_in["occurredAt"]) == dt.datetime.fromisoformat(arrived)
    assert check_in["late"] is True


@pytest.mark.parametrize(
    ("when", "says"),
    [
        ({"minutes": -30}, "in the future"),
        ({"hours": 100}, "hours ago"),
    ],
)
def test_implausible_times_are_refused(assigned, when, says):
    _shipment, task, driver_api, stops = assigned
    response = driver_api.post(_url(task, stops[0], "check-in"), {"occurredAt": _ago(**when)})
    assert response.status_code == 400, response.content
    assert says in response.json()["error"]["details"]["occurredAt"][0]
    assert Stop.objects.get(pk=stops[0].pk).actual_arrival is None


def test_a_small_clock_skew_is_accepted(assigned):
    _shipment, task, driver_api, stops = assigned
    ahead = driver_api.post(_url(task, stops[0], "check-in"), {"occurredAt": _ago(minutes=-2)})
    assert ahead.status_code == 200, ahead.content


def test_times_out_of_stop_order_are_refused(assigned):
    _shipment, task, driver_api, stops = assigned
    driver_api.post(_url(task, stops[0], "check-in"), {"occurredAt": _ago(hours=2)})
    before_arrival = driver_api.post(
        _url(task, stops[0], "check-out"), {"occurredAt": _ago(hours=3)}
    )
    assert before_arrival.status_code == 400
    assert "before the check-in" in before_arrival.json()["error"]["message"]
    driver_api.post(_url(task, stops[0], "check-out"), {"occurredAt": _ago(hours=1)})
    before_leaving = driver_api.post(
        _url(task, stops[1], "check-in"), {"occurredAt": _ago(hours=1, minutes=5)}
    )
    assert before_leaving.status_code == 400
    assert "previous stop" in before_leaving.json()["error"]["message"]


def test_uploads_accept_occurred_at(assigned):
    shipment, task, driver_api, stops = assigned
    driver_api.post(_url(task, stops[0], "check-in"))
    sent = _ago(minutes=40)
    response = driver_api.client.post(
        f"/api/shipments/{shipment.public_id}/pods",
        {"file": upload_file(jpeg_bytes()), "stopId": str(stops[0].public_id), "occurredAt": sent},
        headers=driver_api._headers(None),
    )
    assert response.status_code == 201, response.content
    assert dt.datetime.fromisoformat(response.json()["occurredAt"]) == (
        dt.datetime.fromisoformat(sent)
    )
    bad = driver_api.client.post(
        f"/api/shipments/{shipment.public_id}/pods",
        {"file": upload_file(jpeg_bytes()), "occurredAt": "yesterday"},
        headers=driver_api._headers(None),
    )
    assert bad.status_code == 400
    assert "occurredAt" in bad.json()["error"]["details"]


def test_the_page_shows_the_acted_time_and_flags_the_gap(assigned, client, make_user):
    shipment, task, driver_api, stops = assigned
    driver_api.post(_url(task, stops[0], "check-in"), {"occurredAt": _ago(hours=2)})
    client.force_login(make_user(Role.OPS))
    page = client.get(f"/ops/shipments/{shipment.public_id}/")
    assert page.status_code == 200
    assert "recorded" in page.content.decode()
