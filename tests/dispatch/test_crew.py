"""The crew pickers say why each driver, tractor and trailer is not available (issue 13 §2):
the API (`GET /api/dispatch/crew`) and the assign page show the policy's reasons, the
shipment's own crew is not busy when it is re-assigned, the query count is constant; on a
busy day the API sends one compact page (available first, `available`, `q`, `kind`)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from unicon.core.roles import Role
from unicon.fleet.models import DriverStatus, VehicleStatus, VehicleType

from .conftest import body, day, dispatch_url
from .test_board import _bulk_fleet


def _crew(client, **params):
    response = client.get("/api/dispatch/crew", {k: str(v) for k, v in params.items()})
    assert response.status_code == 200, response.content
    return response.json()


def _entry(rows, obj):
    return next(r for r in rows if r["id"] == str(obj.public_id))


@pytest.fixture
def booked(dispatcher_api, fleet, make_shipment):
    """The fleet crew booked on a shipment 08:00-17:00 of day()."""
    shipment = make_shipment()
    assert dispatcher_api.post(dispatch_url(shipment), body(*fleet)).status_code == 200
    shipment.refresh_from_db()
    return shipment


def test_reasons_name_the_trip_the_paper_and_the_status(
    dispatcher_api, booked, fleet, make_shipment, make_driver, make_vehicle
):
    driver, tractor, trailer = fleet
    broken = make_vehicle(VehicleType.TRACTOR, status=VehicleStatus.MAINTENANCE)
    scrapped = make_vehicle(VehicleType.TRAILER, status=VehicleStatus.OUT_OF_SERVICE)
    expired = make_vehicle(VehicleType.TRACTOR, inspection_expiry=day() - dt.timedelta(days=2))
    suspended = make_driver(status=DriverStatus.SUSPENDED)
    unlicensed = make_driver(licence_expiry=day() - dt.timedelta(days=1))
    free_driver = make_driver()
    other = make_shipment(start_hour=9, end_hour=12)

    crew = _crew(dispatcher_api, shipmentId=other.public_id, full="true")
    busy = _entry(crew["drivers"], driver)
    assert busy["available"] is False
    assert busy["reasons"][0]["code"] == "BOOKED"
    assert booked.number in busy["reasons"][0]["message"]
    assert booked.number in busy["reasons"][0]["short"]
    assert busy["reasons"][0]["details"]["shipment"] == booked.number
    for vehicle in (tractor, trailer):
        assert [
            r["code"] for r in _entry(crew["tractors"] + crew["trailers"], vehicle)["reasons"]
        ] == ["BOOKED"]
    assert _entry(crew["tractors"], broken)["reasons"][0]["code"] == "VEHICLE_STATUS"
    assert _entry(crew["tractors"], broken)["reasons"][0]["details"] == {"status": "MAINTENANCE"}
    assert _entry(crew["trailers"], scrapped)["reasons"][0]["details"]["status"] == (
        "OUT_OF_SERVICE"
    )
    paper = _entry(crew["tractors"], expired)["reasons"][0]
    assert paper["code"] == "PAPER_EXPIRED" and paper["details"]["paper"] == "INSPECTION"
    assert _entry(crew["drivers"], suspended)["reasons"][0]["code"] == "DRIVER_STATUS"
    assert _entry(crew["drivers"], unlicensed)["reasons"][0]["details"]["paper"] == "LICENCE"
    assert _entry(crew["drivers"], free_driver) | {"reasons": []} == _entry(
        crew["drivers"], free_driver
    )
    assert _entry(crew["drivers"], free_driver)["available"] is True
    # available first
    flags = [d["available"] for d in crew["drivers"]]
    assert flags == sorted(flags, reverse=True)

    # the same sentence is what the dispatch refuses with
    refused = dispatcher_api.post(dispatch_url(other), body(driver, broken))
    assert refused.status_code == 409
    problems = refused.json()["error"]["details"]["problems"]
    assert busy["reasons"][0]["message"] in problems
    assert _entry(crew["tractors"], broken)["reasons"][0]["message"] in problems


def test_the_shipments_own_crew_is_not_busy_when_reassigning(dispatcher_api, booked, fleet):
    driver, tractor, trailer = fleet
    crew = _crew(dispatcher_api, shipmentId=booked.public_id)
    assert _entry(crew["drivers"], driver)["available"] is True
    assert _entry(crew["tractors"], tractor)["available"] is True
    assert _entry(crew["trailers"], trailer)["available"] is True
    assert _entry(crew["drivers"], driver)["defaultTractorId"] == str(tractor.public_id)
    # …but busy for the whole day
    whole_day = _crew(dispatcher_api, date=day().isoformat())
    assert _entry(whole_day["drivers"], driver)["available"] is False


def test_query_count_is_constant(dispatcher_api, booked, make_driver, make_vehicle):
    def count():
        _crew(dispatcher_api, shipmentId=booked.public_id)
        with CaptureQueriesContext(connection) as ctx:
            _crew(dispatcher_api, shipmentId=booked.public_id)
        return len(ctx.captured_queries)

    few = count()
    for _ in range(5):
        make_driver(
            default_tractor=make_vehicle(), default_trailer=make_vehicle(VehicleType.TRAILER)
        )
    assert count() == few


def test_bad_input_and_roles(dispatcher_api, api_login, make_user):
    assert dispatcher_api.get("/api/dispatch/crew", {"date": "1/12"}).status_code == 400
    assert dispatcher_api.get("/api/dispatch/crew", {"shipmentId": "nope"}).status_code in (
        400,
        422,
    )
    unknown = "00000000-0000-0000-0000-000000000000"
    assert dispatcher_api.get("/api/dispatch/crew", {"shipmentId": unknown}).status_code == 404
    customer = api_login(make_user(Role.ACCOUNTING))
    assert customer.get("/api/dispatch/crew").status_code == 403


def test_a_busy_day_is_one_compact_page(dispatcher_api, fleet, make_customer):
    """300 tractors with 2 trips each: 900 booked drivers, tractors and trailers."""
    driver, tractor, _trailer = fleet  # the one free crew

    def get(**params):
        with CaptureQueriesContext(connection) as ctx:
            response = dispatcher_api.get(
                "/api/dispatch/crew", {"date": day().isoformat(), **params}
            )
        assert response.status_code == 200, response.content
        return response, len(ctx.captured_queries)

    _small, few = get()
    _bulk_fleet(300, 2, day(), make_customer())
    response, queries = get()
    assert queries == few
    crew = response.json()
    assert len(response.content) <= 70_000, len(response.content)  # was 517 KB, all 901
    assert crew["counts"]["drivers"] == {"total": 301, "available": 1}
    assert crew["counts"]["tractors"] == {"total": 301, "available": 1}
    assert [len(crew[k]) for k in ("drivers", "tractors", "trailers")] == [50, 50, 50]
    assert crew["drivers"][0]["id"] == str(driver.public_id)  # available first
    busy = crew["drivers"][1]
    assert busy["available"] is False and busy["reasons"][0]["code"] == "BOOKED"
    assert busy["reasons"][0]["short"].startswith("booked on SHP-2098-")
    assert busy["reasons"][0]["message"] == ""  # the full sentence only with full=true
    # only the free ones: a few hundred bytes
    free, queries = get(available="true")
    assert queries == few and len(free.content) <= 3_000
    assert [e["id"] for e in free.json()["tractors"]] == [str(tractor.public_id)]
    # one list, searched, next page
    found = get(kind="drivers", q="Số 123")[0].json()
    assert [d["name"] for d in found["drivers"]] == ["Tài xế Số 123"]
    assert found["tractors"] == [] and "tractors" not in found["counts"]
    plate = get(kind="tractors", q="50h-000.12")[0].json()["tractors"]
    assert [t["plate"] for t in plate] == ["50H00012"]
    second = get(kind="trailers", page=2, limit=100)[0].json()
    assert len(second["trailers"]) == 100 and second["page"] == 2
    for bad in ({"limit": 0}, {"limit": 501}, {"page": 0}, {"kind": "cars"}, {"available": "x"}):
        assert dispatcher_api.get("/api/dispatch/crew", bad).status_code in (400, 422), bad
