"""The crew pickers say why each driver, tractor and trailer is not available (issue 13 §2):
the API (`GET /api/dispatch/crew`) and the assign page show the policy's reasons, the
shipment's own crew is not busy when it is re-assigned, the query count is constant."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from unicon.core.roles import Role
from unicon.fleet.models import DriverStatus, VehicleStatus, VehicleType

from .conftest import body, day, dispatch_url


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

    crew = _crew(dispatcher_api, shipmentId=other.public_id)
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
