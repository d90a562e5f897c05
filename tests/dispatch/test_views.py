"""Availability, the day board, the task list and the shipment list filters; query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from unicon.core.roles import Role
from unicon.fleet.models import DriverStatus, VehicleStatus, VehicleType

from .conftest import body, day, dispatch_url


def _queries(client, path, params=None) -> tuple[int, dict]:
    # warm up: the session middleware may refresh "last seen" on the first call
    client.get(path, params or {})
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params or {})
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


def _crews(n, make_driver, make_vehicle):
    crews = []
    for _ in range(n):
        tractor = make_vehicle(VehicleType.TRACTOR)
        trailer = make_vehicle(VehicleType.TRAILER)
        crews.append(
            (make_driver(default_tractor=tractor, default_trailer=trailer), tractor, trailer)
        )
    return crews


def _ids(rows):
    return {r["id"] for r in rows}


def test_availability(dispatcher_api, make_driver, make_vehicle, make_shipment):
    free, booked, maintenance, expired = _crews(4, make_driver, make_vehicle)
    assert dispatcher_api.post(dispatch_url(make_shipment()), body(*booked)).status_code == 200
    maintenance[1].status = VehicleStatus.MAINTENANCE
    maintenance[1].save()
    maintenance[0].status = DriverStatus.SUSPENDED
    maintenance[0].save()
    expired[0].licence_expiry = day() - dt.timedelta(days=1)
    expired[0].save()
    expired[2].insurance_expiry = day() - dt.timedelta(days=1)
    expired[2].save()

    _, result = _queries(dispatcher_api, "/api/dispatch/availability", {"date": day().isoformat()})
    assert result["date"] == day().isoformat()
    assert _ids(result["drivers"]) == {str(free[0].public_id)}
    assert result["drivers"][0]["defaultTractor"]["plate"] == free[1].plate
    assert result["drivers"][0]["defaultTrailer"]["plate"] == free[2].plate
    assert _ids(result["tractors"]) == {str(c[1].public_id) for c in (free, expired)}
    assert _ids(result["trailers"]) == {str(c[2].public_id) for c in (free, maintenance)}

    # the next day everybody booked today is free again
    _, tomorrow = _queries(
        dispatcher_api, "/api/dispatch/availability", {"date": day(4).isoformat()}
    )
    assert str(booked[0].public_id) in _ids(tomorrow["drivers"])


def test_availability_bad_date(dispatcher_api):
    response = dispatcher_api.get("/api/dispatch/availability", {"date": "31/02/2026"})
    assert response.status_code == 400
    assert list(response.json()["error"]["details"]) == ["date"]
    # read day first, as the pages' own date inputs and the board write it (core.dates)
    day_first = dispatcher_api.get("/api/dispatch/availability", {"date": "28/11/2026"})
    assert day_first.status_code == 200
    assert day_first.json()["date"] == "2026-11-28"


def test_availability_query_count_is_constant(dispatcher_api, make_driver, make_vehicle):
    _crews(2, make_driver, make_vehicle)
    few, _ = _queries(dispatcher_api, "/api/dispatch/availability", {"date": day().isoformat()})
    _crews(10, make_driver, make_vehicle)
    many, result = _queries(
        dispatcher_api, "/api/dispatch/availability", {"date": day().isoformat()}
    )
    assert len(result["drivers"]) == 12
    assert many == few


def _board_day(dispatcher_api, crews, make_shipment, unassigned=1):
    for hour, crew in enumerate(crews):
        shipment = make_shipment(start_hour=6 + hour % 10, end_hour=17)
        assert dispatcher_api.post(dispatch_url(shipment), body(*crew)).status_code == 200
    for _ in range(unassigned):
        make_shipment()


def test_board(dispatcher_api, make_driver, make_vehicle, make_shipment):
    crews = _crews(2, make_driver, make_vehicle)
    idle = make_vehicle(VehicleType.TRACTOR)
    _board_day(dispatcher_api, crews, make_shipment, unassigned=2)
    make_shipment(on=day(5))  # two days later: in the waiting list of the coming days
    make_shipment(on=day(20))  # weeks ahead: not yet
    # a second trip for the first crew later that day
    late = make_shipment(start_hour=18, end_hour=22)
    assert dispatcher_api.post(dispatch_url(late), body(*crews[0])).status_code == 200

    _, board = _queries(dispatcher_api, "/api/dispatch/board", {"date": day().isoformat()})
    tractors = {t["id"]: t for t in board["tractors"]}
    assert str(idle.public_id) in tractors
    assert tractors[str(idle.public_id)]["tasks"] == []
    first = tractors[str(crews[0][1].public_id)]["tasks"]
    assert [t["sequence"] for t in first] == [1, 2]
    assert first[1]["shipment"]["number"] == late.number
    assert first[0]["driver"]["id"] == str(crews[0][0].public_id)
    assert first[0]["trailer"]["plate"] == crews[0][2].plate
    assert len(board["unassigned"]) == 3
    assert all(s["status"] == "PENDING" for s in board["unassigned"])
    assert board["unassigned"][-1]["plannedStart"].startswith(day(5).isoformat())
    # the business day's bounds are instants like every other: in UTC (`…Z`)
    assert board["start"].endswith("T17:00:00Z") and board["end"].endswith("T17:00:00Z")


def test_board_query_count_is_constant(dispatcher_api, make_driver, make_vehicle, make_shipment):
    _board_day(dispatcher_api, _crews(2, make_driver, make_vehicle), make_shipment, 2)
    few, _ = _queries(dispatcher_api, "/api/dispatch/board", {"date": day().isoformat()})
    _board_day(dispatcher_api, _crews(8, make_driver, make_vehicle), make_shipment, 8)
    many, board = _queries(dispatcher_api, "/api/dispatch/board", {"date": day().isoformat()})
    assert len(board["tractors"]) == 10
    assert len(board["unassigned"]) == 10
    assert many == few


def test_ops_may_read_the_board(api_login, make_user):
    assert api_login(make_user(Role.OPS)).get("/api/dispatch/board").status_code == 200


def test_task_list_filters_and_pages(dispatcher_api, make_driver, make_vehicle, make_shipment):
    crews = _crews(3, make_driver, make_vehicle)
    _board_day(dispatcher_api, crews, make_shipment, unassigned=0)
    other_day = make_shipment(on=day(6))
    assert dispatcher_api.post(dispatch_url(other_day), body(*crews[0])).status_code == 200

    by_driver = dispatcher_api.get("/api/dispatch/tasks", {"driver": str(crews[0][0].public_id)})
    assert len(by_driver.json()["items"]) == 2
    by_trailer = dispatcher_api.get("/api/dispatch/tasks", {"vehicle": str(crews[1][2].public_id)})
    assert len(by_trailer.json()["items"]) == 1
    on_day = dispatcher_api.get("/api/dispatch/tasks", {"date": day().isoformat()})
    assert len(on_day.json()["items"]) == 3

    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = dispatcher_api.get("/api/dispatch/tasks", params).json()
        seen += [t["id"] for t in page["items"]]
        cursor = page["nextCursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 4
    assert dispatcher_api.get("/api/dispatch/tasks", {"status": "NOPE"}).status_code == 400


def test_task_list_query_count_is_constant(
    dispatcher_api, make_driver, make_vehicle, make_shipment
):
    _board_day(dispatcher_api, _crews(22, make_driver, make_vehicle), make_shipment, 0)
    small, page = _queries(dispatcher_api, "/api/dispatch/tasks", {"limit": 2})
    assert len(page["items"]) == 2
    large, page = _queries(dispatcher_api, "/api/dispatch/tasks", {"limit": 20})
    assert len(page["items"]) == 20
    assert small == large


def test_shipment_list_filters_by_vehicle_and_driver(
    dispatcher_api, make_driver, make_vehicle, make_shipment
):
    crews = _crews(2, make_driver, make_vehicle)
    _board_day(dispatcher_api, crews, make_shipment, unassigned=1)
    driver, tractor, trailer = crews[1]
    for params in (
        {"driver": driver.public_id},
        {"vehicle": tractor.public_id},
        {"vehicle": trailer.public_id},
    ):
        response = dispatcher_api.get("/api/shipments", {k: str(v) for k, v in params.items()})
        assert response.status_code == 200, response.content
        assert len(response.json()["items"]) == 1
    assert dispatcher_api.get("/api/shipments", {"driver": "nope"}).status_code in (400, 422)


@pytest.mark.parametrize("path", ["/api/dispatch/board", "/api/dispatch/availability"])
def test_views_default_to_today(dispatcher_api, path):
    response = dispatcher_api.get(path)
    assert response.status_code == 200
    assert response.json()["date"] == timezone.localdate().isoformat()


def test_driver_task_list_query_count_is_constant(
    dispatcher_api, api_login, make_driver, make_vehicle, make_shipment
):
    driver, tractor, trailer = _crews(1, make_driver, make_vehicle)[0]
    client = api_login(driver.user)

    def assign(hours):
        for hour in hours:
            shipment = make_shipment(start_hour=hour, end_hour=hour + 1, stops=3)
            response = dispatcher_api.post(dispatch_url(shipment), body(driver, tractor, trailer))
            assert response.status_code == 200, response.content

    assign([6, 8])
    few, tasks = _queries(client, "/api/driver/tasks", {"date": day().isoformat()})
    assert len(tasks) == 2
    assign([10, 12, 14, 16, 18, 20])
    many, tasks = _queries(client, "/api/driver/tasks", {"date": day().isoformat()})
    assert len(tasks) == 8
    assert all(len(t["shipment"]["stops"]) == 3 for t in tasks)
    assert many == few


def test_assignment_is_audited(
    dispatcher_api, dispatcher, make_driver, make_vehicle, make_shipment
):
    from unicon.core.models import AuditEntry

    crew = _crews(1, make_driver, make_vehicle)[0]
    shipment = make_shipment()
    task = dispatcher_api.post(dispatch_url(shipment), body(*crew)).json()
    entry = AuditEntry.objects.filter(action="dispatch.assign").get()
    assert entry.actor_id == dispatcher.pk
    assert entry.object_type == "dispatch.drivertask"
    assert entry.changes["status"] == [None, "PENDING"]
    assert dispatcher_api.delete(dispatch_url(shipment)).status_code == 200
    closed = AuditEntry.objects.filter(action="dispatch.unassign").get()
    assert closed.changes["status"] == ["PENDING", "CANCELLED"]
    assert task["id"]
