"""A huge number in an imported workbook row (25 nines for a price, an amount, litres, km, or a
quantity × unit price above the money maximum) is an error of that row and column, in
Vietnamese and English, never a crash; nothing is written (`core.numbers` bounds)."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.dataio.workbook_factory import make_workbook
from unicon.billing.models import Tariff
from unicon.costs.models import FuelLog, RepairLog
from unicon.dataio.models import ImportRun

NINES = "9" * 25
FUEL = "Quản lý xăng dầu"
REPAIRS = "Thông tin sửa chữa xe"
RATES = "Giá cước vận chuyển"


@pytest.fixture
def huge_file(tmp_path):
    book = load_workbook(io.BytesIO(make_workbook()))
    fuel = [
        [7, "07/03/2024", None, "51C-123.45", None, 100, NINES, None, None, None, None],
        [8, "07/03/2024", None, "51C-123.45", None, 100, 21500, NINES, None, None, None],
        [9, "07/03/2024", None, "51C-123.45", None, NINES, 21500, None, None, None, None],
        [10, "07/03/2024", None, "51C-123.45", None, 100, 21500, None, 10**25, None, None],
        [11, "07/03/2024", None, "51C-123.45", None, 1, None, 10**14, None, None, None],
    ]
    for row in fuel:
        book[FUEL].append(row)
    repairs = [
        ["05/03/2024", "51C-123.45", "Thay lốp", None, 1, NINES, None, None, None],
        ["05/03/2024", "51C-123.45", "Thay săm", None, 1000, 10**13, None, None, None],
    ]
    for row in repairs:
        book[REPAIRS].append(row)
    book[RATES].append(["Cát Lái - VSIP", "20", NINES])
    path = tmp_path / "lớn.xlsx"
    book.save(path)
    return path


def test_huge_numbers_are_row_errors_and_nothing_is_written(admin, huge_file):
    with pytest.raises(CommandError, match="fix them before --commit"):
        call_command("import_workbook", str(huge_file), stdout=io.StringIO())
    issues = ImportRun.objects.first().report["issues"]
    errors = {
        (i["sheet"], i["row"], i["column"]): i["messageEn"] for i in issues if i["level"] == "error"
    }
    vietnamese = {i["messageVi"] for i in issues if i["level"] == "error"}
    limit = "1.000.000.000.000.000 đ"
    fuel_rows = {row: column for sheet, row, column in errors if sheet == FUEL}
    assert fuel_rows == {
        11: "Đơn giá",
        12: "Thành tiền",
        13: "Số lít",
        14: "Km",
        15: "Đơn giá",  # 10^14 đ for 1 L: the price per litre it gives is too high
    }
    assert errors[(FUEL, 11, "Đơn giá")] == f"An amount cannot be above {limit}: {NINES}."
    assert f"Số tiền không được lớn hơn {limit}: {NINES}." in vietnamese
    assert errors[(FUEL, 15, "Đơn giá")] == "Price per litre (đ) must be at most 9.999.999 đ."
    assert errors[(REPAIRS, 6, "Đơn giá")] == f"An amount cannot be above {limit}: {NINES}."
    assert errors[(REPAIRS, 7, "Đơn giá")] == f"Line 1 amount must be at most {limit}."
    assert errors[(RATES, 5, "Đơn giá")] == f"An amount cannot be above {limit}: {NINES}."
    assert not FuelLog.objects.exists()
    assert not RepairLog.objects.exists()
    assert not Tariff.objects.exists()
