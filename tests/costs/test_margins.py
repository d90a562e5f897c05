"""Margin per truck through the API: costs per source, confirmed vs. unconfirmed, revenue
from the configured source (billing) or reported missing."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from tests.costs.einvoice_xml import einvoice_xml
from tests.costs.test_fuel import fill
from tests.costs.test_invoices import import_xml
from tests.costs.test_repairs import repair
from unicon.core.roles import Role

REVENUE = {}


def fake_revenue(start: dt.date, end: dt.date) -> dict[int, int]:
    """Stands in for billing's revenue function in these tests."""
    return dict(REVENUE)


@pytest.fixture
def period(today):
    return {"dateFrom": (today - dt.timedelta(days=30)).isoformat(), "dateTo": today.isoformat()}


@pytest.fixture
def costs(login_as, entity, tractor, make_vehicle, make_driver_task, today):
    """Two tractors: one with fills, a repair and an invoice, one idle."""
    accounting = login_as(Role.ACCOUNTING)
    ids = [fill(accounting, tractor, d, 100, km).json()["id"] for d, km in ((9, 1000), (5, 1400))]
    last = fill(accounting, tractor, 1, 120, 1800).json()["id"]
    for log_id in ids:
        accounting.post(f"/api/fuel-logs/{log_id}/review", {"status": "CONFIRMED"})
    log = repair(accounting, tractor, today - dt.timedelta(days=2)).json()
    accounting.post(f"/api/repair-logs/{log['id']}/review", {"status": "CONFIRMED"})
    invoice = import_xml(accounting, einvoice_xml(), vehicleId=str(tractor.public_id)).json()
    accounting.post(f"/api/purchase-invoices/{invoice['id']}/review", {"status": "CONFIRMED"})
    make_driver_task(tractor)
    make_driver_task(tractor)
    return {"client": accounting, "idle": make_vehicle(), "pending_fill": last}


@pytest.fixture
def make_driver_task(make_shipment, driver_client):
    from unicon.dispatch.models import DriverTask

    def make(tractor):
        start = timezone.now() - dt.timedelta(days=3)
        return DriverTask.objects.create(
            shipment=make_shipment(),
            driver=driver_client.driver,
            tractor=tractor,
            planned_start=start,
            planned_end=start + dt.timedelta(hours=4),
        )

    return make


def row_of(report, vehicle):
    return next(t for t in report["trucks"] if t["vehicle"]["id"] == str(vehicle.public_id))


def test_margin_without_revenue_source(costs, tractor, period, settings):
    settings.COSTS_REVENUE_SOURCE = ""
    report = costs["client"].get("/api/costs/margins", period).json()
    assert report["revenueAvailable"] is False
    truck = row_of(report, tractor)
    assert truck["trips"] == 2
    assert truck["fuelLitres"] == "200.000"
    assert truck["fuelCost"] == 4_000_000
    assert truck["km"] == 400
    assert truck["consumption"] == "25.00"
    assert truck["repairCost"] == 2_342_250
    assert truck["otherCost"] == 11_880_000
    assert truck["cost"] == 4_000_000 + 2_342_250 + 11_880_000
    assert truck["costPerKm"] == round(truck["cost"] / 400)
    assert truck["revenue"] is None
    assert truck["margin"] is None
    idle = row_of(report, costs["idle"])
    assert (idle["trips"], idle["cost"], idle["costPerKm"]) == (0, 0, None)
    assert report["totals"]["cost"] == truck["cost"]
    assert report["totals"]["margin"] is None


def test_unconfirmed_entries_on_request(costs, tractor, period):
    report = costs["client"].get("/api/costs/margins", {**period, "includeUnconfirmed": True})
    truck = row_of(report.json(), tractor)
    assert truck["fuelCost"] == 6_400_000
    assert truck["km"] == 800


def test_margin_with_revenue_source(costs, tractor, period, settings):
    settings.COSTS_REVENUE_SOURCE = "tests.costs.test_margins.fake_revenue"
    REVENUE.clear()
    REVENUE[tractor.pk] = 30_000_000
    report = costs["client"].get("/api/costs/margins", period).json()
    truck = row_of(report, tractor)
    assert truck["revenue"] == 30_000_000
    assert truck["margin"] == 30_000_000 - truck["cost"]
    assert row_of(report, costs["idle"])["margin"] == 0
    assert report["totals"]["margin"] == truck["margin"]


@pytest.mark.parametrize(
    "params",
    [{}, {"dateFrom": "2026-02-01", "dateTo": "2026-01-01"}, {"dateFrom": "x", "dateTo": "y"}],
)
def test_bad_period(login_as, params):
    response = login_as(Role.ACCOUNTING).get("/api/costs/margins", params)
    assert response.status_code in (400, 422)


@pytest.mark.parametrize("role", [Role.DISPATCHER, Role.DRIVER, Role.OPS, Role.CUSTOMER_OWNER])
def test_only_accounting_sees_margins(login_as, role, period):
    assert login_as(role).get("/api/costs/margins", period).status_code == 403


def test_margin_page_exports_xlsx(costs, tractor, web_login, period):
    from openpyxl import load_workbook

    page = web_login(costs["client"].user)
    response = page.get(
        "/costs/margins/",
        {"date_from": period["dateFrom"], "date_to": period["dateTo"], "format": "xlsx"},
    )
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    truck = next(row for row in rows if row[0] == str(tractor))
    assert truck[1] == 2  # trips
    assert rows[-1][0] in ("Fleet", "Toàn đội xe")


def test_generated_history_feeds_the_margins(make_user, make_vehicle, login_as, period):
    from django.core.management import call_command

    make_user(Role.ADMIN)
    trucks = [make_vehicle() for _ in range(3)]
    out = io.StringIO()
    call_command("generate_costs", "--months", "2", "--all-tractors", stdout=out)
    assert "for 3 tractors" in out.getvalue()
    report = login_as(Role.ACCOUNTING).get("/api/costs/margins", period).json()
    [best], [worst] = report["top"], report["bottom"]  # without revenue: by cost per km
    by_id = {row["vehicle"]["id"]: row for row in report["trucks"]}
    assert by_id[best["id"]]["costPerKm"] <= by_id[worst["id"]]["costPerKm"]
    assert best["id"] != worst["id"]
    for truck in trucks:
        row = row_of(report, truck)
        assert row["km"] > 0
        assert 20 < float(row["consumption"]) < 60
        assert row["fuelCost"] > 0


def test_trailer_repairs_are_counted(login_as, make_vehicle, today, period):
    from unicon.fleet.models import VehicleType

    trailer = make_vehicle(VehicleType.TRAILER)
    accounting = login_as(Role.ACCOUNTING)
    log = repair(accounting, trailer, today).json()
    accounting.post(f"/api/repair-logs/{log['id']}/review", {"status": "CONFIRMED"})
    report = accounting.get("/api/costs/margins", period).json()
    assert row_of(report, trailer)["repairCost"] == log["total"]
    assert report["totals"]["repairCost"] == log["total"]
