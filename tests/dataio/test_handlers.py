"""Sheets are pluggable: another app (billing) registers a handler for a known sheet shape,
and a failure inside any handler half-way through leaves nothing behind."""

import pytest

from tests.dataio.workbook_factory import make_workbook
from unicon.costs.models import FuelLog, RepairLog
from unicon.customers.models import Customer, Location
from unicon.dataio import engine, services
from unicon.dataio.models import ImportedRecord, ImportRun, RunStatus
from unicon.dataio.values import parse_km, text
from unicon.shipments.models import Shipment


class DistanceHandler:
    """What the billing app would plug in: parse every cell, record rows it would create."""

    api_fields: dict = {}

    def __init__(self, fail_on_row: int | None = None) -> None:
        from unicon.dataio.sheets.specs import DISTANCES

        self.spec = DISTANCES
        self.fail_on_row = fail_on_row
        self.seen: list[tuple] = []

    def import_row(self, row, ctx) -> str:
        if row.number == self.fail_on_row:
            raise RuntimeError("disk full")
        v = ctx.parse(row, {"origin": text, "destination": text, "km": parse_km})
        self.seen.append((v["origin"], v["destination"], v["km"]))
        return engine.CREATED


@pytest.fixture
def distances(monkeypatch):
    def plug(**kw) -> DistanceHandler:
        handler = DistanceHandler(**kw)
        monkeypatch.setitem(engine._HANDLERS, "distances", handler)
        return handler

    return plug


def test_a_registered_handler_imports_its_sheet(admin, distances):
    handler = distances()
    run = services.preview_import(admin, make_workbook(), "x.xlsx", ["distances"])
    sheet = run.report["sheets"][0]
    assert (sheet["rowsRead"], sheet["created"], sheet["notImported"]) == (2, 2, 0)
    assert handler.seen == [("Cát Lái", "VSIP", 32), ("KCN VSIP 1", "Cảng Cát Lái", 32)]


def test_a_failure_half_way_leaves_nothing(admin, distances):
    distances(fail_on_row=3)  # after every other sheet, fuel and repairs included, was written
    with pytest.raises(RuntimeError):
        services.commit_import(admin, make_workbook(), "x.xlsx")
    for model in (Customer, Location, Shipment, FuelLog, RepairLog, ImportedRecord):
        assert not model.objects.exists(), model
    run = ImportRun.objects.get()
    assert run.status == RunStatus.FAILED and run.report["internalError"]


def test_a_sheet_without_a_handler_is_reported_row_by_row(admin, monkeypatch):
    monkeypatch.delitem(engine._HANDLERS, "distances")
    run = services.preview_import(admin, make_workbook(), "x.xlsx", ["distances"])
    assert [s["notImported"] for s in run.report["sheets"]] == [2]
    noted = [(i["sheet"], i["row"], i["level"], i["messageEn"]) for i in run.report["issues"]]
    message = "Not imported yet: no module imports this sheet in this version."
    assert noted == [
        ("Khoảng cách", 2, "warning", message),
        ("Khoảng cách", 3, "warning", message),
    ]
    assert run.report["issues"][0]["messageVi"] == (
        "Chưa nhập: phiên bản này chưa có chức năng nhập trang tính này."
    )
