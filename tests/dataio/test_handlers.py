"""Sheets are pluggable: another app (fleet costs, billing) registers a handler for a known
sheet shape, and a failure inside any handler half-way through leaves nothing behind."""

import datetime as dt

import pytest

from tests.dataio.workbook_factory import make_workbook
from unicon.customers.models import Customer, Location
from unicon.dataio import engine, services
from unicon.dataio.models import ImportedRecord, ImportRun, RunStatus
from unicon.dataio.values import parse_date, parse_money, parse_plate
from unicon.shipments.models import Shipment


class FuelHandler:
    """What the costs app would plug in: parse every cell, record rows it would create."""

    api_fields: dict = {}

    def __init__(self, fail_on_row: int | None = None) -> None:
        from unicon.dataio.sheets.specs import FUEL

        self.spec = FUEL
        self.fail_on_row = fail_on_row
        self.seen: list[tuple] = []

    def import_row(self, row, ctx) -> str:
        if row.number == self.fail_on_row:
            raise RuntimeError("disk full")
        v = ctx.parse(row, {"date": parse_date, "plate": parse_plate, "amount": parse_money})
        self.seen.append((v["date"], v["plate"], v["amount"]))
        return engine.CREATED


@pytest.fixture
def fuel(monkeypatch):
    def plug(**kw) -> FuelHandler:
        handler = FuelHandler(**kw)
        monkeypatch.setitem(engine._HANDLERS, "fuel", handler)
        return handler

    return plug


def test_a_registered_handler_imports_its_sheet(admin, fuel):
    handler = fuel()
    run = services.preview_import(admin, make_workbook(), "x.xlsx", ["fuel"])
    sheet = run.report["sheets"][0]
    assert (sheet["rowsRead"], sheet["created"], sheet["notImported"]) == (3, 3, 0)
    # the same fill-up written three ways: money, plate and date spellings all agree
    assert set(handler.seen) == {(dt.date(2024, 3, 1), "51C12345", 5_375_000)}


def test_a_failure_half_way_leaves_nothing(admin, fuel):
    fuel(fail_on_row=3)  # after customers, locations, drivers, vehicles, orders were written
    with pytest.raises(RuntimeError):
        services.commit_import(admin, make_workbook(), "x.xlsx")
    for model in (Customer, Location, Shipment, ImportedRecord):
        assert not model.objects.exists(), model
    run = ImportRun.objects.get()
    assert run.status == RunStatus.FAILED and run.report["internalError"]
