"""The distance sheet (`Khoảng cách`) imports into route distances: messy km values, either
direction is the same pair, unknown places become locations to review, and a re-run
creates nothing."""

import contextlib
import io

from django.core.management import CommandError, call_command
from openpyxl import Workbook

from unicon.customers.models import Location, RouteDistance
from unicon.dataio.models import ImportedRecord, ImportRun, RunStatus

LOCATIONS = [
    ["Cảng Cát Lái", "Cảng"],
    ["KCN VSIP 1", "Kho"],
    ["ICD Phước Long", "ICD"],
    ["Cảng Cát Lái 2", "Cảng"],  # makes "Cát Lái" ambiguous
]
DISTANCES = [
    ["Cảng Cát Lái", "KCN VSIP 1", "12,5 km"],
    ["KCN VSIP 1", "Cảng Cát Lái", "12.5"],  # the same pair the other way round: duplicate
    ["ICD Phước Long", "KCN VSIP 1", "15km"],
    ["ICD Phước Long", "Kho Tân Uyên", 40],  # unknown place: created, flagged for review
    ["Cát Lái", "ICD Phước Long", 9],  # ambiguous: not imported
    ["Cảng Cát Lái 2", "ICD Phước Long", "mười km"],  # not a number: error
]


def workbook(rows=DISTANCES) -> bytes:
    book = Workbook()
    book.remove(book.active)
    places = book.create_sheet("Danh sách địa điểm")
    places.append(["Tên địa điểm", "Loại"])
    for row in LOCATIONS:
        places.append(row)
    sheet = book.create_sheet("Khoảng cách")
    sheet.append(["Điểm đi", "Điểm đến", "Số km"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(path, *args) -> ImportRun:
    """The CLI on `path`; a run with errors exits non-zero (CommandError), its report kept."""
    with contextlib.suppress(CommandError):
        call_command("import_workbook", str(path), *args, stdout=io.StringIO())
    return ImportRun.objects.first()


def distance_counts(run_: ImportRun) -> tuple:
    sheet = next(s for s in run_.report["sheets"] if s["key"] == "distances")
    keys = ("rowsRead", "created", "updated", "unchanged", "duplicate", "notImported")
    return tuple(sheet[k] for k in keys)


def pairs() -> set:
    return {
        (frozenset((d.origin.name, d.destination.name)), d.km)
        for d in RouteDistance.objects.select_related("origin", "destination")
    }


def test_dry_run_reports_messy_distances_and_writes_nothing(admin, tmp_path):
    path = tmp_path / "book.xlsx"
    path.write_bytes(workbook())
    run_ = run(path, "--dry-run")
    assert run_.status == RunStatus.PREVIEWED
    assert distance_counts(run_) == (6, 3, 0, 0, 1, 1)
    issues = [(i["row"], i["level"], i["messageEn"]) for i in run_.report["issues"]]
    assert (7, "error", "Not a number: mười km.") in issues
    assert any(row == 6 and "several locations" in msg for row, _lv, msg in issues)
    assert any(row == 5 and "to review" in msg for row, _lv, msg in issues)
    assert not RouteDistance.objects.exists() and not Location.objects.exists()


def test_commit_then_rerun_creates_nothing_new(admin, tmp_path):
    path = tmp_path / "book.xlsx"
    path.write_bytes(workbook(DISTANCES[:5]))
    first = run(path, "--commit")
    assert first.status == RunStatus.COMMITTED, first.report
    assert distance_counts(first) == (5, 3, 0, 0, 1, 1)
    from decimal import Decimal

    assert pairs() == {
        (frozenset(("Cảng Cát Lái", "KCN VSIP 1")), Decimal("12.5")),
        (frozenset(("ICD Phước Long", "KCN VSIP 1")), Decimal("15.0")),
        (frozenset(("ICD Phước Long", "Kho Tân Uyên")), Decimal("40.0")),
    }
    review = ImportedRecord.objects.get(key="kho tan uyen")
    assert review.needs_review
    second = run(path, "--commit")
    assert second.status == RunStatus.COMMITTED
    assert distance_counts(second) == (5, 0, 0, 3, 1, 1)
    assert RouteDistance.objects.count() == 3 and Location.objects.count() == 5


def test_a_changed_km_updates_the_pair_written_the_other_way_round(admin, tmp_path):
    path = tmp_path / "book.xlsx"
    path.write_bytes(workbook(DISTANCES[:1]))
    run(path, "--commit")
    path.write_bytes(workbook([["KCN VSIP 1", "Cảng Cát Lái", "13,0 km"]]))
    again = run(path, "--commit")
    assert distance_counts(again) == (1, 0, 1, 0, 0, 0)
    assert RouteDistance.objects.get().km == 13


def test_a_failing_row_leaves_nothing(admin, tmp_path):
    path = tmp_path / "book.xlsx"
    path.write_bytes(workbook())  # row 7 has an error: commit is all or nothing
    failed = run(path, "--commit")
    assert failed.status == RunStatus.FAILED
    assert not RouteDistance.objects.exists() and not Location.objects.exists()
