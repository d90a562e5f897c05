"""The fuel and repair sheets go through the costs app's services (CLI and API)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.dataio.workbook_factory import ERRORS, make_workbook
from unicon.costs.models import FuelLog, LineKind, RepairLog, ReviewStatus
from unicon.dataio.models import ImportedRecord, ImportRun, RunStatus
from unicon.fleet.models import Vehicle


def run(*args) -> ImportRun:
    call_command("import_workbook", *map(str, args), stdout=io.StringIO())
    return ImportRun.objects.first()


def local(value: dt.datetime) -> tuple:
    moment = timezone.localtime(value)
    return moment.date(), moment.time()


def fills() -> dict:
    return {
        (log.vehicle.plate, *local(log.filled_at)): log
        for log in FuelLog.objects.select_related("vehicle", "driver__user")
    }


def test_fuel_rows_become_confirmed_fills(admin, clean_file):
    run_ = run(clean_file, "--commit")
    assert run_.status == RunStatus.COMMITTED
    logs = fills()
    assert sorted(logs) == [
        ("51C12345", dt.date(2024, 3, 1), dt.time(7, 30)),
        ("51C12345", dt.date(2024, 3, 2), dt.time(0)),
        ("51C55555", dt.date(2024, 3, 4), dt.time(8, 15)),
        ("51C55555", dt.date(2024, 3, 5), dt.time(14, 0)),
        ("51C77777", dt.date(2024, 3, 6), dt.time(0)),  # 05/03 17:00 UTC = 06/03 midnight
    ]
    first = logs[("51C12345", dt.date(2024, 3, 1), dt.time(7, 30))]
    assert (first.litres, first.unit_price, first.amount) == (Decimal("250.5"), 21500, 5385750)
    assert first.odometer_km == 152340 and first.station == "Petrolimex 15"
    assert first.driver.user.full_name == "Nguyễn Văn An"
    assert first.notes == "Nhập từ sổ Excel «Quản lý xăng dầu», dòng 4.\nđổ đầy"
    second = logs[("51C12345", dt.date(2024, 3, 2), dt.time(0))]
    assert second.amount == 6_450_000  # 300 L × 21 500 đ, the amount left empty
    assert second.driver == first.driver  # named by phone
    assert (second.distance_km, second.consumption) == (660, Decimal("45.45"))
    by_amount = logs[("51C55555", dt.date(2024, 3, 4), dt.time(8, 15))]
    assert (by_amount.litres, by_amount.unit_price) == (Decimal("200.000"), 21600)
    unknown_driver = logs[("51C55555", dt.date(2024, 3, 5), dt.time(14, 0))]
    assert unknown_driver.driver is None and unknown_driver.amount == 3_893_400
    no_price = logs[("51C77777", dt.date(2024, 3, 6), dt.time(0))]
    assert (no_price.unit_price, no_price.amount) == (21500, 4_300_000)
    assert {log.status for log in logs.values()} == {ReviewStatus.CONFIRMED}
    assert {log.reviewed_by for log in logs.values()} == {admin}
    records = ImportedRecord.objects.filter(kind="FUEL")
    assert sorted(records.values_list("object_id", flat=True)) == sorted(
        log.pk for log in logs.values()
    )
    warnings = [
        (i["sheet"], i["row"], i["column"])
        for i in run_.report["issues"]
        if i["level"] == "warning" and i["sheet"] == "Quản lý xăng dầu"
    ]
    assert warnings == [
        ("Quản lý xăng dầu", 8, "Lái xe"),  # "Bình": no such driver
        ("Quản lý xăng dầu", 9, "Lái xe"),  # "Hoàng Văn Ẩn"
        ("Quản lý xăng dầu", 10, "Biển số xe"),  # same fill as row 4
    ]


def test_repair_rows_become_confirmed_logs(admin, clean_file):
    run(clean_file, "--commit")
    logs = {log.vehicle.plate: log for log in RepairLog.objects.select_related("vehicle")}
    assert sorted(logs) == ["51C12345", "51C55555", "51C77777"]
    tyres = logs["51C12345"]
    assert (tyres.repaired_on, tyres.total, tyres.garage) == (
        dt.date(2024, 3, 2),
        4_800_000,
        "Gara Minh Phát",
    )
    line = tyres.lines.get()
    assert (line.kind, line.quantity, line.unit_price) == (LineKind.PART, 2, 2_400_000)
    assert tyres.odometer_km == 152500
    labour = logs["51C55555"].lines.get()
    assert (labour.kind, labour.quantity, labour.amount) == (LineKind.LABOUR, 1, 350_000)
    assert logs["51C55555"].repaired_on == dt.date(2024, 3, 3)
    oil = logs["51C77777"].lines.get()
    assert (oil.quantity, oil.unit_price, oil.amount) == (Decimal("20.5"), 95_000, 1_947_500)
    assert {log.status for log in logs.values()} == {ReviewStatus.CONFIRMED}
    assert all(log.notes.startswith("Nhập từ sổ Excel") for log in logs.values())
    assert ImportedRecord.objects.filter(kind="REPAIR").count() == 3


def test_rerun_and_fills_already_entered_are_unchanged(admin, clean_file, api_login):
    # dispatch entered the 04/03 fill on the phone page before the workbook arrived
    run(clean_file, "--commit", "--sheets", "customers,locations,drivers,vehicles")
    client = api_login(admin)
    entered = client.post(
        "/api/fuel-logs",
        {
            "vehicleId": str(Vehicle.objects.get(plate="51C55555").public_id),
            "filledAt": "2024-03-04T09:40:00+07:00",
            "litres": "200",
            "unitPrice": 21600,
            "amount": 4320000,
        },
    )
    assert entered.status_code == 201, entered.content
    first = run(clean_file, "--commit")
    fuel = next(s for s in first.report["sheets"] if s["key"] == "fuel")
    assert (fuel["created"], fuel["unchanged"], fuel["duplicate"]) == (4, 1, 1)
    assert FuelLog.objects.count() == 5
    second = run(clean_file, "--commit")
    for key, expected in (("fuel", (0, 5, 1)), ("repairs", (0, 3, 1))):
        sheet = next(s for s in second.report["sheets"] if s["key"] == key)
        assert (sheet["created"], sheet["unchanged"], sheet["duplicate"]) == expected
    assert (FuelLog.objects.count(), RepairLog.objects.count()) == (5, 3)


def test_cost_errors_name_row_and_column_and_nothing_is_written(admin, bad_file):
    with pytest.raises(CommandError, match="fix them before --commit"):
        run(bad_file)  # dry run
    run_ = ImportRun.objects.first()
    errors = {
        (i["sheet"], i["row"], i["column"]): (i["messageVi"], i["messageEn"])
        for i in run_.report["issues"]
        if i["level"] == "error"
    }
    assert sorted(errors) == sorted(ERRORS)
    assert errors[("Quản lý xăng dầu", 11, "Biển số xe")][1] == "Fuel is logged for tractors."
    mismatch = errors[("Quản lý xăng dầu", 12, "Thành tiền")][1]
    assert mismatch == "The amount 4.500.000 đ does not match 200 L × 21.500 đ = 4.300.000 đ."
    assert errors[("Quản lý xăng dầu", 13, "Biển số xe")] == (
        "Không có xe 51C99999; hãy thêm xe vào sheet xe.",
        "No vehicle 51C99999; add it to the vehicles sheet.",
    )
    assert errors[("Quản lý xăng dầu", 14, "Ngày đổ")][1] == "The fill time is in the future."
    assert errors[("Thông tin sửa chữa xe", 6, "Thành tiền")] == (
        "2.500.000 không bằng số lượng × đơn giá = 2.000.000.",
        "2.500.000 is not quantity × unit price = 2.000.000.",
    )
    assert not FuelLog.objects.exists() and not RepairLog.objects.exists()


def test_api_import_of_costs_all_or_nothing(admin, api_login, jobs):
    client = api_login(admin)

    def upload(content: bytes, **fields) -> dict:
        with jobs():
            queued = client.client.post(
                "/api/imports",
                {"file": io.BytesIO(content), **fields},
                headers=client._headers(None),
            ).json()
        return client.get(f"/api/imports/{queued['id']}").json()

    bad = upload(make_workbook(with_errors=True), commit="true")
    assert bad["status"] == "FAILED"
    assert not FuelLog.objects.exists() and not RepairLog.objects.exists()
    preview = upload(make_workbook())
    sheets = {s["key"]: s for s in preview["report"]["sheets"]}
    assert (sheets["fuel"]["created"], sheets["repairs"]["created"]) == (5, 3)
    assert not FuelLog.objects.exists()
    with jobs():
        committed = client.post(f"/api/imports/{preview['id']}/commit")
    assert committed.status_code == 202
    assert client.get(f"/api/imports/{preview['id']}").json()["status"] == "COMMITTED"
    assert (FuelLog.objects.count(), RepairLog.objects.count()) == (5, 3)
    listed = client.get("/api/fuel-logs?status=CONFIRMED")
    assert listed.status_code == 200 and len(listed.json()["items"]) == 5
