"""`unicon import-workbook` on a workbook shaped like the company's, with its messy values."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.dataio.workbook_factory import ERRORS, FIRST_RUN
from unicon.billing.models import Tariff
from unicon.costs.models import FuelLog, RepairLog
from unicon.customers.models import Customer, Location, PaymentTermUnit, StatementCycle
from unicon.dataio.models import ImportedRecord, ImportRun, RunStatus
from unicon.fleet.models import Driver, DriverStatus, Ownership, Vehicle, VehicleStatus
from unicon.shipments.models import OperationStatus, Shipment
from unicon.shipments.services import status_changed

MODELS = (Customer, Location, Driver, Vehicle, Shipment, FuelLog, RepairLog, Tariff)


def run(*args) -> tuple[str, ImportRun]:
    out = io.StringIO()
    call_command("import_workbook", *map(str, args), stdout=out)
    return out.getvalue(), ImportRun.objects.first()


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


def sheet_counts(run_: ImportRun) -> dict:
    keys = ("rowsRead", "created", "updated", "unchanged", "duplicate", "notImported")
    return {s["key"]: tuple(s[k] for k in keys) for s in run_.report["sheets"]}


def test_dry_run_reports_and_writes_nothing(admin, clean_file):
    before = counts()
    output, run_ = run(clean_file, "--dry-run")
    assert run_.status == RunStatus.PREVIEWED
    assert sheet_counts(run_) == FIRST_RUN
    assert run_.report["errorCount"] == 0
    assert run_.report["unknownSheets"] == ["Sheet1"]
    assert counts() == before
    assert not ImportedRecord.objects.exists()
    assert "Dry run: nothing was written" in output
    assert "Thông tin xe" in output


def test_imported_past_trips_notify_nobody(admin, clean_file):
    from unicon.notifications.models import Event

    _output, run_ = run(clean_file, "--commit")
    assert run_.status == RunStatus.COMMITTED
    assert Shipment.objects.filter(operation_status=OperationStatus.DELIVERED).count() == 3
    assert not Event.objects.exists()  # no e-mail, in-app notification or webhook


def test_commit_imports_every_messy_case(admin, clean_file):
    delivered = []
    status_changed.connect(lambda **kw: delivered.append(kw), weak=False, dispatch_uid="t18")
    try:
        output, run_ = run(clean_file, "--commit")
    finally:
        status_changed.disconnect(dispatch_uid="t18")
    assert run_.status == RunStatus.COMMITTED, output
    assert sheet_counts(run_) == FIRST_RUN
    assert counts() == {
        "Customer": 3,
        "Location": 4,
        "Driver": 3,
        "Vehicle": 5,
        "Shipment": 3,
        "FuelLog": 5,
        "RepairLog": 3,
        "Tariff": 1,
    }

    anphat = Customer.objects.get(code="ANPHAT")
    assert (anphat.payment_term, anphat.payment_term_unit) == (30, PaymentTermUnit.DAYS)
    assert anphat.statement_cycle == StatementCycle.MONTHLY_25
    assert anphat.has_vat_invoice and anphat.phone == "0901234567"
    steel = Customer.objects.get(name="Công ty CP Thép Miền Nam")
    assert steel.code == "THEPMIEN" and steel.phone == "0901234568"
    assert (steel.payment_term, steel.payment_term_unit) == (1, PaymentTermUnit.MONTHS)
    assert steel.statement_cycle == StatementCycle.MONTHLY_30 and not steel.has_vat_invoice
    vnm = Customer.objects.get(code="VNM")
    assert vnm.status == "INACTIVE" and vnm.statement_cycle == "" and vnm.payment_term == 30
    notes = ImportedRecord.objects.get(kind="CUSTOMER", key="VNM").notes
    assert "theo yêu cầu" in notes and "thanh toán ngay" in notes

    an = Driver.objects.get(phone="0912345678")
    assert an.licence_expiry == dt.date(2028, 6, 30) and an.employer.code == "UNICON"
    binh = Driver.objects.get(phone="0913456789")
    assert binh.licence_expiry == dt.date(2025, 12, 9) and binh.employer.code == "KHANHHUY"
    cuong = Driver.objects.get(phone="0914567890")
    assert cuong.licence_expiry == dt.date(2027, 3, 15) and cuong.status == DriverStatus.INACTIVE
    assert cuong.user.email == "driver.0914567890@import.invalid"

    tractor = Vehicle.objects.get(plate="51C12345")
    assert (
        tractor.inspection_expiry,
        tractor.insurance_expiry,
        tractor.operation_permit_expiry,
    ) == (
        dt.date(2027, 3, 15),
        dt.date(2027, 1, 15),
        dt.date(2026, 12, 31),
    )
    assert Vehicle.objects.get(plate="51R01234").owner.code == "KHANHHUY"
    assert Vehicle.objects.get(plate="51C67890").status == VehicleStatus.OUT_OF_SERVICE
    rented = Vehicle.objects.get(plate="51C55555")
    assert rented.ownership == Ownership.RENTAL and rented.rental_company == "Macs Logistic"
    an.refresh_from_db()
    assert an.default_tractor == tractor and an.default_trailer.plate == "51R01234"
    assert Driver.objects.get(phone="0913456789").default_tractor == rented

    shipments = Shipment.objects.order_by("planned_start", "id")
    assert {s.operation_status for s in shipments} == {OperationStatus.DELIVERED}
    assert all(s.actual_start is None and s.actual_end is None for s in shipments)
    first = Shipment.objects.get(container_number="MSKU1234565")
    assert [stop.location.name for stop in first.stops.order_by("sequence")] == [
        "Cảng Cát Lái",
        "KCN VSIP 1",
    ]
    assert [e.to_status for e in first.events.all()] == ["DRAFT", OperationStatus.DELIVERED]
    review = ImportedRecord.objects.get(needs_review=True)
    assert Location.objects.get(pk=review.object_id).name == "Kho Sóng Thần"
    assert delivered == []  # nobody notified about trips of the past

    rate = Tariff.objects.get()  # the freight-rate sheet: one company-wide tariff line
    assert (rate.from_location.name, rate.to_location.name) == ("Cảng Cát Lái", "KCN VSIP 1")
    assert (rate.container_type, rate.price, rate.customer) == ("CONTAINER_40HC", 3_200_000, None)
    assert rate.valid_from == timezone.localdate() and rate.valid_to is None
    unknown = next(i for i in run_.report["issues"] if "Kho Lạ" in i["messageEn"])
    assert (unknown["sheet"], unknown["row"], unknown["level"]) == (
        "Giá cước vận chuyển",
        4,
        "warning",
    )
    assert unknown["messageVi"] == "Chưa nhập: không có địa điểm nào tên Kho Lạ."


def test_order_days_from_serials_text_and_shifted_datetimes(admin, clean_file):
    from django.utils import timezone

    run(clean_file, "--commit")
    days = sorted({timezone.localdate(s.planned_start) for s in Shipment.objects.all()})
    assert days == [dt.date(2024, 3, 15)]


def test_second_commit_creates_nothing(admin, clean_file):
    run(clean_file, "--commit")
    before = counts()
    records = ImportedRecord.objects.count()
    _output, second = run(clean_file, "--commit")
    assert second.status == RunStatus.COMMITTED
    assert counts() == before and ImportedRecord.objects.count() == records
    for sheet in second.report["sheets"]:
        assert sheet["created"] == 0 and sheet["updated"] == 0, sheet


def test_errors_are_reported_and_commit_writes_nothing(admin, bad_file, tmp_path):
    before = counts()
    with pytest.raises(CommandError, match=f"{len(ERRORS)} errors: nothing was imported"):
        run(bad_file, "--commit", "--errors-xlsx", tmp_path / "errors.xlsx")
    run_ = ImportRun.objects.first()
    assert run_.status == RunStatus.FAILED
    errors = [i for i in run_.report["issues"] if i["level"] == "error"]
    assert sorted((e["sheet"], e["row"], e["column"]) for e in errors) == sorted(ERRORS)
    plate = next(e for e in errors if e["column"] == "Biển số")
    assert plate["messageVi"] == "Không phải biển số xe: ABC-123."
    assert plate["messageEn"] == "Not a licence plate: ABC-123."
    assert counts() == before and not ImportedRecord.objects.exists()
    assert (tmp_path / "errors.xlsx").exists()


def test_errors_xlsx_without_errors_writes_the_empty_report(admin, clean_file, tmp_path):
    """The same workbook as the API's errors.xlsx: the error sheet with its header row only,
    and the command says there were no errors (it used to write nothing, silently)."""
    from openpyxl import load_workbook

    for mode in ("--dry-run", "--commit"):
        path = tmp_path / f"errors{mode}.xlsx"
        output, run_ = run(clean_file, mode, "--errors-xlsx", path)
        assert run_.report["errorCount"] == 0
        assert f"No rows with errors: {path} has the header row only." in output
        rows = list(load_workbook(path).worksheets[0].iter_rows(values_only=True))
        assert rows == [("Sheet", "Row", "Errors")]


def test_template_round_trips(admin, tmp_path):
    path = tmp_path / "template.xlsx"
    out = io.StringIO()
    call_command("import_workbook", "--template", "--output", str(path), stdout=out)
    _output, run_ = run(path)
    assert run_.report["errorCount"] == 0, run_.report["issues"]
    assert {s["key"]: s["rowsRead"] for s in run_.report["sheets"]} == dict.fromkeys(FIRST_RUN, 1)


def test_not_a_workbook_is_refused(admin, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="not an Excel workbook"):
        run(path)
    assert not ImportRun.objects.exists()


def test_a_driver_found_by_phone_under_another_name_is_renamed(admin, make_driver, tmp_path):
    """The template's example driver has the phone of a driver already here, another name:
    the dry run reports an update (no crash), the commit renames the driver's user."""
    from django.core.management import call_command as command

    existing = make_driver(phone="0912345678")
    existing.user.full_name = "Dương Văn Toàn"
    existing.user.save()
    path = tmp_path / "template.xlsx"
    command("import_workbook", "--template", "--output", str(path), stdout=io.StringIO())
    _output, dry = run(path)
    assert dry.report["errorCount"] == 0, dry.report["issues"]
    assert sheet_counts(dry)["drivers"][:2] == (1, 0)  # read 1, created 0
    _output, done = run(path, "--commit")
    assert sheet_counts(done)["drivers"][2] == 1  # updated
    existing.user.refresh_from_db()
    assert existing.user.full_name == "Nguyễn Văn An"  # the template's example name
    assert Driver.objects.filter(phone="0912345678").count() == 1
