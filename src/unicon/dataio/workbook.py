"""Reading the company workbook by its Vietnamese headers, and writing workbooks back
(the template, the error report).

A sheet is found by its name (accent- and case-insensitive, aliases allowed). Its header
row is the first of its top 15 rows naming at least half of the sheet's known columns, so
merged title rows above it, extra columns and blank rows are all tolerated. Row numbers are
the ones Excel shows (1-based, header included).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.workbook.workbook import Workbook as WorkbookType
from openpyxl.worksheet.worksheet import Worksheet

from unicon.dataio.values import fold

HEADER_SEARCH_ROWS = 15


@dataclass(frozen=True)
class Column:
    """A column of a sheet: `key` used by the handler, `header` as the template writes it,
    `aliases` other spellings seen in real sheets, `example` the template's example value."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    example: Any = None

    def matches(self, folded_header: str) -> bool:
        return folded_header in {fold(self.header), *(fold(a) for a in self.aliases)}


@dataclass(frozen=True)
class SheetSpec:
    """The shape of one sheet of the workbook."""

    key: str
    title: str
    aliases: tuple[str, ...]
    columns: tuple[Column, ...]
    description: Any = ""

    def matches(self, sheet_name: str) -> bool:
        return fold(sheet_name) in {fold(self.title), *(fold(a) for a in self.aliases)}

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass
class Row:
    """One data row: `number` as Excel shows it, `values` by column key, `raw` every cell."""

    number: int
    values: dict[str, Any]
    raw: tuple[Any, ...]


@dataclass
class SheetData:
    spec: SheetSpec
    name: str
    header_row: int
    headers: dict[str, str]  # column key → header text as written in the file
    rows: list[Row] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # required columns not found


def open_workbook(content: bytes) -> WorkbookType:
    """The workbook in `content` (values, not formulas), read-only; ValueError when it is
    not an .xlsx file."""
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException, …
        raise ValueError(str(_("This is not an Excel workbook (.xlsx)."))) from exc


def _header_row(sheet: Worksheet, spec: SheetSpec) -> tuple[int, dict[int, Column], dict]:
    best: tuple[int, dict[int, Column], dict] = (0, {}, {})
    rows = sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)
    for number, cells in enumerate(rows, start=1):
        found: dict[int, Column] = {}
        written: dict[str, str] = {}
        for index, cell in enumerate(cells):
            folded = fold(cell)
            column = next(
                (c for c in spec.columns if c.matches(folded) and c not in found.values()), None
            )
            if column is not None:
                found[index] = column
                written[column.key] = str(cell).strip()
        if len(found) > len(best[1]):
            best = (number, found, written)
    return best


def read_sheet(sheet: Worksheet, spec: SheetSpec) -> SheetData:
    """The rows of `sheet` under its header row, blank rows skipped."""
    header, positions, written = _header_row(sheet, spec)
    data = SheetData(spec, sheet.title, header, written)
    if len(positions) * 2 < len([c for c in spec.columns if c.required]) or not positions:
        data.missing = [c.header for c in spec.columns if c.required]
        return data
    data.missing = [c.header for c in spec.columns if c.required and c.key not in written]
    for number, cells in enumerate(
        sheet.iter_rows(min_row=header + 1, values_only=True), start=header + 1
    ):
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        values = {
            column.key: cells[i] if i < len(cells) else None for i, column in positions.items()
        }
        data.rows.append(Row(number, values, tuple(cells)))
    return data


def find_sheets(book: WorkbookType, specs: list[SheetSpec]) -> tuple[list[SheetData], list[str]]:
    """The known sheets of `book` in `specs` order, and the names of the unknown ones."""
    found: list[SheetData] = []
    unknown = []
    by_name = {name: book[name] for name in book.sheetnames}
    used = set()
    for spec in specs:
        name = next((n for n in by_name if spec.matches(n) and n not in used), None)
        if name is not None:
            used.add(name)
            found.append(read_sheet(by_name[name], spec))
    unknown = [n for n in book.sheetnames if n not in used]
    return found, unknown


def _bold_header(book: Workbook, title: str, headers: list[str]):
    sheet = book.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    return sheet


def template(specs: list[SheetSpec]) -> bytes:
    """A workbook with one sheet per spec: the expected headers and one example row."""
    book = Workbook()
    book.remove(book.active)
    for spec in specs:
        sheet = _bold_header(book, spec.title, [c.header for c in spec.columns])
        sheet.append([c.example for c in spec.columns])
        for column_cells in sheet.columns:
            sheet.column_dimensions[column_cells[0].column_letter].width = 22
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def error_report(content: bytes | None, errors: list[dict], language: str) -> bytes:
    """The input rows that have errors, sheet by sheet, with the reasons in a last column
    (`language` picks `messageVi` or `messageEn`; call it inside that language). Errors on
    a sheet the file does not have (or no errors at all) go to one sheet "Errors" (Sheet,
    Row, Errors): a run without errors gives that sheet with its header row only, so the
    report is always a valid workbook. `content` (the uploaded file) is only read when
    there are errors."""
    book = Workbook()
    book.remove(book.active)
    title = str(_("Errors"))
    by_sheet: dict[str, dict[int, list[str]]] = {}
    for error in errors:
        message = error["messageVi" if language == "vi" else "messageEn"]
        column = f"[{error['column']}] " if error.get("column") else ""
        by_sheet.setdefault(error["sheet"], {}).setdefault(error["row"], []).append(
            column + message
        )
    source = open_workbook(content) if errors else None
    loose: list[list[Any]] = []
    for name, rows in by_sheet.items():
        if name not in source.sheetnames:
            loose += [[name, number, "\n".join(rows[number])] for number in sorted(rows)]
            continue
        header_row = min((e["headerRow"] for e in errors if e["sheet"] == name), default=1)
        lines = list(source[name].iter_rows(values_only=True))
        header = list(lines[header_row - 1]) if 0 < header_row <= len(lines) else []
        sheet = _bold_header(book, name[:31], [str(_("Row")), *map(_cell, header), title])
        for number in sorted(rows):
            cells = list(lines[number - 1]) if 0 < number <= len(lines) else []
            sheet.append([number, *map(_cell, cells), "\n".join(rows[number])])
    if loose or not book.worksheets:
        sheet = _bold_header(book, title, [str(_("Sheet")), str(_("Row")), title])
        for line in loose:
            sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    return "" if value is None else value
