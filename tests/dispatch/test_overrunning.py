"""A crew on a running trip is busy until the trip ends (issue 12, item 6): a trip planned
20:00-22:00 yesterday, started at 01:00 today and still running blocks its driver, tractor
and trailer, shows on today's board, and refusals name it."""

import datetime as dt

import pytest

from unicon.dispatch.models import DriverTask, TaskStatus

from .conftest import at, body, day, dispatch_url


@pytest.fixture
def running(dispatcher_api, fleet, make_shipment):
    """Yesterday's 20:00-22:00 trip, started today at 01:00 and still IN_PROGRESS."""
    today = day()
    late = make_shipment(on=today - dt.timedelta(days=1), start_hour=20, end_hour=22)
    assert dispatcher_api.post(dispatch_url(late), body(*fleet)).status_code == 200
    DriverTask.objects.filter(shipment=late).update(
        status=TaskStatus.IN_PROGRESS, started_at=at(today, 1)
    )
    return late, today


def test_new_trip_with_the_same_crew_is_refused_naming_the_running_one(
    running, dispatcher_api, fleet, make_shipment
):
    late, today = running
    new = make_shipment(on=today, start_hour=2, end_hour=4)
    response = dispatcher_api.post(dispatch_url(new), body(*fleet))
    assert response.status_code == 409, response.content
    problems = response.json()["error"]["details"]["problems"]
    assert len(problems) == 3  # driver, tractor and trailer
    assert all(late.number in problem and "running" in problem for problem in problems)


def test_the_board_and_availability_show_the_overrunning_trip(running, dispatcher_api, fleet):
    late, today = running
    driver, tractor, trailer = fleet
    board = dispatcher_api.get("/api/dispatch/board", {"date": today.isoformat()}).json()
    row = next(t for t in board["tractors"] if t["id"] == str(tractor.public_id))
    assert [task["shipment"]["number"] for task in row["tasks"]] == [late.number]
    free = dispatcher_api.get("/api/dispatch/availability", {"date": today.isoformat()}).json()
    assert str(driver.public_id) not in {d["id"] for d in free["drivers"]}
    assert str(trailer.public_id) not in {v["id"] for v in free["trailers"]}


def test_the_crew_is_free_again_after_the_last_check_out(
    running, dispatcher_api, fleet, make_shipment
):
    late, today = running
    DriverTask.objects.filter(shipment=late).update(status=TaskStatus.COMPLETED)
    new = make_shipment(on=today, start_hour=2, end_hour=4)
    assert dispatcher_api.post(dispatch_url(new), body(*fleet)).status_code == 200
