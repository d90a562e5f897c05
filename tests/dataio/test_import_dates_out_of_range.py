"""A date cell outside `core.dates`' range (01/01/2000–31/12/2099) in an imported workbook —
a year 1900 or 1999, 9999 as text, a date cell or a datetime cell near the end of the
calendar, a five-digit year — is an error of that row and column, in Vietnamese and English,
never a crash; nothing of the row is written."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.dataio.workbook_factory import make_workbook
from unicon.dataio.models import ImportRun
from unicon.fleet.models import Driver, Vehicle

DRIVERS = "Thông tin tài xế"
VEHICLES = "Thông tin xe"
ORDERS = "Thông tin đơn hàng"
FUEL = "Quản lý xăng dầu"
REPAIRS = "Thông tin sửa chữa xe"

#: (sheet, row to append, the column whose date is out of range)
ROWS = [
    (
        DRIVERS,
        ["Trần Văn Một", "0916000001", 1980, "FC", "01/01/1900", "Đang làm", None],
        "Hạn GPLX",
    ),
    (
        DRIVERS,
        ["Trần Văn Hai", "0916000002", 1980, "FC", "31/12/99999", "Đang làm", None],
        "Hạn GPLX",
    ),
    (
        DRIVERS,
        ["Trần Văn Ba", "0916000003", 1980, "FC", "9999-12-31", "Đang làm", None],
        "Hạn GPLX",
    ),
    (
        VEHICLES,
        ["51C-555.01", "Đầu kéo", "Đang hoạt động", "Hino", 2020, None, dt.date(9999, 12, 31)],
        "Hạn đăng kiểm",
    ),
    (
        VEHICLES,
        ["51C-555.02", "Đầu kéo", "Đang hoạt động", "Hino", 2020, None, None, "31/12/1999"],
        "Hạn bảo hiểm TNDS",
    ),
    (
        ORDERS,
        ["ANPHAT", "DH-901", dt.datetime(9999, 12, 31, 23, 0), "", "Cảng Cát Lái", "KCN VSIP 1"],
        "Ngày",
    ),
    (ORDERS, ["ANPHAT", "DH-902", "01/01/2100", "", "Cảng Cát Lái", "KCN VSIP 1"], "Ngày"),
    (
        FUEL,
        [20, "01/01/1999", None, "51C-123.45", None, 100, 21500, None, None, None, None],
        "Ngày đổ",
    ),
    (REPAIRS, ["0001-01-01", "51C-123.45", "Thay lốp", None, 1, 100000, None, None, None], "Ngày"),
]


@pytest.fixture
def far_file(tmp_path):
    book = load_workbook(io.BytesIO(make_workbook()))
    expected = set()
    for sheet, row, column in ROWS:
        book[sheet].append(row)
        expected.add((sheet, book[sheet].max_row, column))
    path = tmp_path / "ngày lạ.xlsx"
    book.save(path)
    return path, expected


def test_dates_out_of_range_are_cell_errors_and_nothing_is_written(admin, far_file):
    path, expected = far_file
    with pytest.raises(CommandError, match="fix them before --commit"):
        call_command("import_workbook", str(path), stdout=io.StringIO())
    issues = ImportRun.objects.first().report["issues"]
    errors = {(i["sheet"], i["row"], i["column"]): i for i in issues if i["level"] == "error"}
    assert expected <= set(errors)
    for key in expected:
        assert "01/01/2000" in errors[key]["messageEn"]
        assert errors[key]["messageVi"].startswith(
            "Ngày phải trong khoảng từ 01/01/2000 đến 31/12/2099"
        )
    assert not Driver.objects.filter(user__full_name__startswith="Trần Văn").exists()
    assert not Vehicle.objects.filter(plate__startswith="51C55").exists()
