"""The import engine: sheet handlers, the per-row context, the report.

A *handler* imports the rows of one sheet shape (`SheetSpec`). Handlers are pluggable:
`register(handler)` adds or replaces the handler of a spec key, so another app (fleet
costs, billing) can import its sheets without this app knowing it. A known sheet without a
handler is read and reported row by row as "not imported yet", never dropped silently.

Inside a run every row is processed in its own savepoint: a row that fails leaves nothing
behind, and its errors name the sheet, the row number Excel shows, the column and the reason
in Vietnamese and English.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from unicon.core.errors import ServiceError
from unicon.core.schemas import to_camel
from unicon.dataio.models import ImportedRecord, ImportRun
from unicon.dataio.values import CellError, Message, Parsed
from unicon.dataio.workbook import Row, SheetData, SheetSpec

CREATED, UPDATED, UNCHANGED, DUPLICATE, NOT_IMPORTED = (
    "created",
    "updated",
    "unchanged",
    "duplicate",
    "not_imported",
)


class RowFailed(Exception):
    """The current row has errors (already recorded); nothing of it is kept."""


class Handler(Protocol):
    spec: SheetSpec
    #: API field name (camelCase, as in a service's ValidationFailed details) → column key
    api_fields: dict[str, str]

    def import_row(self, row: Row, ctx: ImportContext) -> str:
        """Import one row; return CREATED, UPDATED, UNCHANGED or DUPLICATE, or raise
        RowFailed after `ctx.error(...)`."""


_HANDLERS: dict[str, Handler] = {}


def register(handler: Handler) -> None:
    """Import the sheets of `handler.spec.key` with `handler` (replaces an earlier one)."""
    _HANDLERS[handler.spec.key] = handler


def handler_for(key: str) -> Handler | None:
    return _HANDLERS.get(key)


@dataclass
class Issue:
    level: str  # "error" or "warning"
    sheet: str
    row: int
    column: str
    message_vi: str
    message_en: str
    header_row: int = 1


@dataclass
class SheetReport:
    key: str
    name: str
    header_row: int
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicate: int = 0
    not_imported: int = 0
    errors: int = 0
    warnings: int = 0

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


@dataclass
class Report:
    sheets: list[SheetReport] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    unknown_sheets: list[str] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return sum(1 for i in self.issues if i.level == "error")

    def as_json(self) -> dict:
        return {
            "sheets": [_camel_keys(asdict(s)) for s in self.sheets],
            "issues": [_camel_keys(asdict(i)) for i in self.issues],
            "unknownSheets": self.unknown_sheets,
            "errorCount": self.error_count,
            "warningCount": len(self.issues) - self.error_count,
        }


def _camel_keys(row: dict) -> dict:
    return {to_camel(key): value for key, value in row.items()}


def _both(message: Message | str) -> tuple[str, str]:
    """(Vietnamese, English) of a Message, or of a service's English message looked up in
    the Vietnamese catalogue (messages with parameters stay in English)."""
    if isinstance(message, Message):
        return message.render("vi"), message.render("en")
    with translation.override("vi"):
        return translation.gettext(message), message


class ImportContext:
    """What a handler needs while importing one sheet: the acting user, the run, caches
    shared across sheets (natural key → row), and the recording of issues."""

    def __init__(
        self,
        user,
        run: ImportRun,
        report: Report,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.user = user
        self.run = run
        self.report = report
        #: called with the number of rows just processed (the job's progress)
        self.advance = progress or (lambda _rows: None)
        self.cache: dict[str, dict[str, Any]] = {}
        self.sheet: SheetData | None = None
        self.sheet_report: SheetReport | None = None
        self._seen: dict[tuple[str, str], int] = {}

    # ------------------------------------------------------------------ issues

    def _issue(self, level: str, row: Row, column_key: str, message: Message | str) -> None:
        vi, en = _both(message)
        column = self.sheet.headers.get(column_key, column_key) if column_key else ""
        self.report.issues.append(
            Issue(level, self.sheet.name, row.number, column, vi, en, self.sheet.header_row)
        )
        if level == "error":
            self.sheet_report.errors += 1
        else:
            self.sheet_report.warnings += 1

    def error(self, row: Row, column_key: str, message: Message | str) -> None:
        self._issue("error", row, column_key, message)

    def warning(self, row: Row, column_key: str, message: Message | str | None) -> None:
        if message:
            self._issue("warning", row, column_key, message)

    def fail(self, row: Row, column_key: str, template: Any, **params: Any) -> RowFailed:
        """Record an error and return the exception to raise."""
        self.error(row, column_key, Message(template, params))
        return RowFailed()

    # ------------------------------------------------------------------ cells

    def parse(self, row: Row, parsers: dict[str, Callable[[Any], Any]]) -> dict[str, Any]:
        """Each column of `parsers` parsed; every bad cell recorded, then RowFailed. A
        `Parsed` result's warning is recorded and its value returned."""
        values: dict[str, Any] = {}
        bad: set[str] = set()
        for key, parser in parsers.items():
            try:
                value = parser(row.values.get(key))
            except CellError as exc:
                self.error(row, key, exc.message)
                bad.add(key)
                continue
            if isinstance(value, Parsed):
                self.warning(row, key, value.warning)
                value = value.value
            values[key] = value
        for column in self.sheet.spec.columns:
            if column.required and column.key in values and values[column.key] in (None, ""):
                self.error(row, column.key, Message(_("This column is required.")))
                bad.add(column.key)
        if bad:
            raise RowFailed
        return values

    def first_seen(self, kind: str, key: str, row: Row, column_key: str) -> bool:
        """False (and a warning) when `key` of `kind` already appeared earlier in this run."""
        earlier = self._seen.get((kind, key))
        if earlier is not None:
            self.warning(
                row,
                column_key,
                Message(_("Same as row %(row)s above; this row is skipped."), {"row": earlier}),
            )
            return False
        self._seen[(kind, key)] = row.number
        return True

    # ------------------------------------------------------------------ services

    def call(self, row: Row, handler: Handler, service: Callable, *args: Any) -> Any:
        """Run a service function in a savepoint; a ServiceError becomes row errors on the
        columns its details name (unknown fields: on the row), then RowFailed. A handler
        whose services put short codes in the details (`"future"`) sets `whole_message =
        True`: the error's own sentence is then shown once, on the first column named."""
        try:
            with transaction.atomic():
                return service(*args)
        except ServiceError as exc:
            details = exc.details if isinstance(exc.details, dict) else {}
            whole = getattr(handler, "whole_message", False)
            named = False
            for api_field, messages in details.items():
                if api_field in handler.api_fields and not (whole and named):
                    if whole:
                        messages = [exc.message]
                    for message in messages if isinstance(messages, list) else [messages]:
                        self.error(row, handler.api_fields[api_field], str(message))
                        named = True
            if not named:
                self.error(row, "", exc.message)
            raise RowFailed from exc

    def remember(
        self, kind: str, key: str, obj: Any, notes: str = "", needs_review: bool = False
    ) -> None:
        """Keep the natural key of a row this run created (and what the sheet said that has
        no field of its own)."""
        ImportedRecord.objects.update_or_create(
            kind=kind,
            key=key[:255],
            defaults={
                "object_id": obj.pk,
                "run": self.run,
                "notes": notes,
                "needs_review": needs_review,
            },
        )


def import_sheet(data: SheetData, ctx: ImportContext) -> SheetReport:
    """Every row of one sheet through its handler; rows of a sheet without one are counted
    and reported as not imported yet."""
    sheet_report = SheetReport(data.spec.key, data.name, data.header_row, len(data.rows))
    ctx.sheet, ctx.sheet_report = data, sheet_report
    ctx.report.sheets.append(sheet_report)
    handler = handler_for(data.spec.key)
    if data.missing:
        missing = Message(
            _("Header row not found or required columns missing: %(columns)s."),
            {"columns": ", ".join(data.missing)},
        )
        ctx.error(Row(data.header_row or 1, {}, ()), "", missing)
        ctx.advance(len(data.rows))
        return sheet_report
    if handler is None:
        sheet_report.not_imported = len(data.rows)
        note = Message(_("Not imported yet: no module imports this sheet in this version."))
        for row in data.rows:
            ctx.warning(row, "", note)
        ctx.advance(len(data.rows))
        return sheet_report
    for row in data.rows:
        try:
            with transaction.atomic():
                sheet_report.count(handler.import_row(row, ctx))
        except RowFailed:
            pass
        ctx.advance(1)
    return sheet_report
