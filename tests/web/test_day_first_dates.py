"""Dates typed day first (issue 13 point 7): dd/mm/yyyy is read as day/month/year by the
list filters (API and pages), the page forms and the driver's day — in English too, where
Django's own default would read 05/12 as 12 May — and an impossible day is a clear error."""

import datetime as dt

import pytest
from django.utils import timezone

from unicon.core.roles import Role
from unicon.fleet.models import Vehicle

from .test_resource_forms import _vehicle_form


@pytest.fixture
def ops(make_user):
    return make_user(Role.OPS)


def test_shipment_filters_read_day_first(ops, api_login, web, make_shipment):
    shipment = make_shipment()
    day = timezone.localtime(shipment.planned_start).date()
    typed = day.strftime("%d/%m/%Y")
    items = api_login(ops).get("/api/shipments", {"dateFrom": typed, "dateTo": typed}).json()
    assert [i["id"] for i in items["items"]] == [str(shipment.public_id)]
    later = (day + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    assert api_login(ops).get("/api/shipments", {"dateFrom": later}).json()["items"] == []
    page = web(ops).get("/ops/shipments/", {"dateFrom": typed}).content.decode()
    assert shipment.number in page
    refused = api_login(ops).get("/api/shipments", {"dateFrom": "31/02/2026"})
    assert refused.status_code == 400
    assert list(refused.json()["error"]["details"]) == ["dateFrom"]


@pytest.mark.parametrize("language", ["en", "vi"])
def test_vehicle_form_reads_day_first_in_any_language(web, make_user, entity, language):
    client = web(make_user(Role.OPS))
    client.cookies["django_language"] = language
    response = client.post(
        "/resources/vehicles/new/",
        _vehicle_form(entity, inspection_expiry="05/12/2030", insurance_expiry="5-1-2031"),
        headers={"Accept-Language": language},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    vehicle = Vehicle.objects.get()
    assert vehicle.inspection_expiry == dt.date(2030, 12, 5)
    assert vehicle.insurance_expiry == dt.date(2031, 1, 5)


def test_impossible_day_saves_nothing(web, make_user, entity):
    client = web(make_user(Role.OPS))
    response = client.post(
        "/resources/vehicles/new/", _vehicle_form(entity, inspection_expiry="31/02/2030")
    )
    assert response.status_code in (200, 400)
    assert not Vehicle.objects.exists()


def test_driver_day_reads_day_first(web, fleet, make_shipment, make_user):
    driver = fleet[0]
    later = timezone.localdate() + dt.timedelta(days=4)
    page = web(driver.user).get("/driver/", {"date": later.strftime("%d/%m/%Y")})
    assert later.strftime("%d/%m/%Y") in page.content.decode()
