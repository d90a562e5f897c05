"""`?format=xlsx` / `?format=csv` on a list API: the same list, every page, as a file.

The export calls the list endpoint itself, page after page (keyset cursor, 200 rows a
page), on a copy of the caller's request with the same query string. So the rows are
exactly the list API's: same filters and the same 400 for a bad one, same permissions
(a customer user gets only their company's rows; another company's id is a 404), same
order. Memory stays bounded at any size: one page is held at a time, CSV is streamed to
the client as it is produced, XLSX is written by openpyxl's write-only mode into a
temporary file that is then streamed.

A list longer than `EXPORT_INLINE_MAX_ROWS` (default 5,000: the list's size is read with its
first page, `core.pagination.recording_totals`), or any list with `async=1`,
is not exported in the request: it becomes an export job (`export_jobs`) — 202 with the
job for an API client, a redirect to "my exports" for a browser — written by the worker
with the same functions (`write_xlsx`, `csv_lines`) and downloaded when done.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import json
import tempfile
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, ResolverMatch, resolve, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from unicon.core import display
from unicon.core.errors import ServiceError, error_body
from unicon.core.middleware import page_language
from unicon.core.pagination import MAX_LIMIT, recording_totals
from unicon.core.renderers import dumps
from unicon.dataio.exports import (
    BOOL,
    CHOICE,
    DATE,
    DATETIME,
    JSON,
    NUMBER,
    Col,
    ExportList,
    export_for,
)

FORMATS = ("xlsx", "csv")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBER_FORMATS = {DATE: "dd/mm/yyyy", DATETIME: "dd/mm/yyyy hh:mm"}


def _day_text(value: dt.date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"  # year 1 as 0001


def _moment_text(value: dt.datetime) -> str:
    return f"{_day_text(value)} {value.hour:02d}:{value.minute:02d}"


#: How a CSV writes the dates and datetimes of DATE / DATETIME columns (dd/mm/yyyy [HH:MM]).
TEXT_FORMATS = {DATE: _day_text, DATETIME: _moment_text}


class PageRefused(ServiceError):
    """A page after the first could not be read (its status, code and message): the export
    stops with that error rather than leaving out the remaining rows."""

    def __init__(self, response: HttpResponse) -> None:
        try:
            error = json.loads(response.content).get("error", {})
        except ValueError:
            error = {}
        super().__init__(
            _("The export stopped before its last row: %(reason)s")
            % {"reason": error.get("message") or response.status_code},
            error.get("details"),
        )
        self.status = response.status_code if response.status_code >= 400 else 500
        self.code = error.get("code", "INTERNAL_ERROR")


Page = list[dict[str, Any]]


class ListExportMiddleware:
    """Answers `GET /api/<exportable list>?format=xlsx|csv` with the file, or with a queued
    export job when the list is long or `async=1` (see module doc). Every other request
    passes through untouched."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        fmt = request.GET.get("format")
        if fmt is None or request.method != "GET" or not request.path.startswith("/api/"):
            return self.get_response(request)
        try:
            match = resolve(request.path)
        except Resolver404:
            return self.get_response(request)
        spec = export_for(match.route.removeprefix("api/"))
        if spec is None:
            return self.get_response(request)
        if fmt not in FORMATS:
            details = {"format": [_("Choose xlsx or csv.")]}
            return _json(error_body("VALIDATION_ERROR", _("Unknown export format."), details), 400)
        fetcher = PageFetcher(request, match)
        with recording_totals() as totals:  # the list's size, read with its first page
            first = fetcher(request.GET.get("cursor"))
        if first.status_code != 200:
            return first
        if totals:
            fits = totals[0] <= settings.EXPORT_INLINE_MAX_ROWS
        else:  # a list not served by keyset_page, or asked from a cursor: count its pages
            fits = _fits_inline(fetcher, first)
        if request.GET.get("async") not in ASYNC and fits:
            try:
                return export_response(request, spec, fmt, list_pages(fetcher, first)[1])
            except ServiceError as exc:  # a later page failed: no file short of rows
                return _json(error_body(exc.code, exc.message, exc.details), exc.status)
        return queue_response(request, fetcher.user, fmt)


ASYNC = {"1", "true", "yes"}


def _json(body: dict, status: int, **headers: str) -> HttpResponse:
    return HttpResponse(
        dumps(body), status=status, content_type="application/json; charset=utf-8", headers=headers
    )


def queue_response(request: HttpRequest, user, fmt: str) -> HttpResponse:
    """Queue the export as a job: 202 with the job (API clients), or a redirect to the
    "my exports" page (a browser following a page's download link)."""
    from unicon.dataio import export_jobs  # it builds on this module
    from unicon.dataio.schemas import ExportJobOut

    browser = "text/html" in request.headers.get("Accept", "")
    # a page's download link writes the file in the page's language, not the browser's
    language = page_language(request) if browser else get_language() or "vi"
    try:
        job = export_jobs.start(user, request.path, request.GET.urlencode(), fmt, language)
    except ServiceError as exc:
        return _json(error_body(exc.code, exc.message, exc.details), exc.status)
    if browser:
        return redirect(reverse("dataio-exports") + f"?started={job.public_id}")
    body = ExportJobOut.model_validate(job).model_dump(mode="json", by_alias=True)
    return _json(body, 202, Location=f"/api/exports/{job.public_id}")


class PageFetcher:
    """Calls the list view for one page (200 rows) after another, on a copy of `request`
    with the same filters; remembers the user the list authenticated."""

    def __init__(self, request: HttpRequest, match: ResolverMatch) -> None:
        self.request, self.match, self.user = request, match, None

    def __call__(self, cursor: str | None) -> HttpResponse:
        sub = copy.copy(self.request)
        sub.GET = self.request.GET.copy()
        for name in ("format", "async", "cursor"):
            sub.GET.pop(name, None)
        sub.GET["limit"] = str(MAX_LIMIT)
        if cursor:
            sub.GET["cursor"] = cursor
        response = self.match.func(sub, *self.match.args, **self.match.kwargs)
        self.user = getattr(sub, "user", None)
        return response


def _fits_inline(fetch: PageFetcher, first: HttpResponse) -> bool:
    """Whether the list has at most `EXPORT_INLINE_MAX_ROWS` rows (pages are read, counted
    and dropped; a short list costs its pages twice, a long one stops at the limit)."""
    limit = settings.EXPORT_INLINE_MAX_ROWS
    body = json.loads(first.content)
    count = len(body["items"])
    while body.get("nextCursor") and count <= limit:
        response = fetch(body["nextCursor"])
        if response.status_code != 200:
            return True  # the inline export meets (and answers) the same error
        body = json.loads(response.content)
        count += len(body["items"])
    return count <= limit


def list_pages(
    fetch: PageFetcher, first: HttpResponse | None = None
) -> tuple[HttpResponse | None, Iterator[Page]]:
    """(error response of the first page or None, iterator over the pages of items). A later
    page that fails raises `PageRefused` while iterating: an export is whole or not made."""
    first = first if first is not None else fetch(fetch.request.GET.get("cursor"))
    if first.status_code != 200:
        return first, iter(())

    def pages() -> Iterator[Page]:
        response = first
        while True:
            body = json.loads(response.content)
            yield body["items"]
            if not body.get("nextCursor"):
                return
            response = fetch(body["nextCursor"])
            if response.status_code != 200:
                raise PageRefused(response)

    return None, pages()


def converter(column: Col) -> Callable[[Any], Any]:
    """How a JSON value of `column` is written: local naive datetimes, dates, numbers, choice
    labels, Yes/No; None and "" stay empty. Built once per export (labels in the request's
    language, the business time zone looked up once). A moment too near the ends of the
    calendar for the business time zone is written in UTC (`core.display`), never dropped."""
    if column.kind == DATETIME:
        zone = timezone.get_current_timezone()

        def moment(raw: Any) -> dt.datetime:
            value = dt.datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
            if value.tzinfo is None:
                return value
            try:
                return value.astimezone(zone).replace(tzinfo=None)
            except OverflowError:
                return display.local(value).replace(tzinfo=None)

        return moment
    if column.kind == DATE:
        return lambda raw: dt.date.fromisoformat(str(raw)[:10])
    if column.kind == NUMBER:
        return _number
    if column.kind == CHOICE and column.choices is not None:
        labels = {value: str(label) for value, label in column.choices.choices}
        return lambda raw: labels.get(raw, raw)
    if column.kind == BOOL:
        yes, no = _("Yes"), _("No")
        return lambda raw: yes if raw else no
    if column.kind == JSON:
        return lambda raw: json.dumps(raw, ensure_ascii=False, sort_keys=True) if raw else None
    return lambda raw: raw


def _number(raw: Any) -> Any:
    if not isinstance(raw, str):
        return raw
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return raw
    return int(number) if number == number.to_integral_value() else float(number)


def _getter(key: str) -> Callable[[dict], Any]:
    """The value at a dotted `key` of a list item ("customer.code"), None where absent."""
    first, *rest = key.split(".")
    if not rest:
        return lambda item: item.get(first)

    def nested(item: dict) -> Any:
        value: Any = item.get(first)
        for part in rest:
            value = value.get(part) if isinstance(value, dict) else None
        return value

    return nested


def _line_of(spec: ExportList) -> Callable[[dict], list[Any]]:
    """The cells of one list item, column by column (converters built once per export)."""
    columns = [(_getter(c.key), converter(c)) for c in spec.columns]

    def line(item: dict) -> list[Any]:
        return [
            None if (value := get(item)) is None or value == "" else convert(value)
            for get, convert in columns
        ]

    return line


def rows(spec: ExportList, pages: Iterator[Page]) -> Iterator[list[Any]]:
    """The cells of every item of every page, column by column."""
    line = _line_of(spec)
    for page in pages:
        for item in page:
            yield line(item)


def write_xlsx(spec: ExportList, pages: Iterator[Page], out: IO[bytes]) -> int:
    """Write the export as XLSX into `out` (write-only mode: rows go to disk as they come);
    returns the number of data rows."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(spec.title)[:31])
    bold = Font(bold=True)
    header = []
    for column in spec.columns:
        cell = WriteOnlyCell(sheet, str(column.header))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    # one styled cell per date column, re-used: a write-only sheet serialises each row as
    # it is appended, and styling a fresh cell for every value costs more than the row itself
    styled: list[WriteOnlyCell | None] = []
    for column in spec.columns:
        cell = None
        if column.kind in NUMBER_FORMATS:
            cell = WriteOnlyCell(sheet)
            cell.number_format = NUMBER_FORMATS[column.kind]
        styled.append(cell)
    count = 0
    try:
        for values in rows(spec, pages):
            line = []
            for value, cell in zip(values, styled, strict=True):
                if cell is not None and value is not None:
                    cell.value = value
                    value = cell
                line.append(value)
            sheet.append(line)
            count += 1
    except BaseException:
        sheet.close()  # end the sheet's own file now, not when it is garbage-collected
        raise
    book.save(out)
    return count


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(spec: ExportList, pages: Iterator[Page]) -> Iterator[str]:
    """The export as CSV text, a chunk of lines per list page (UTF-8 with BOM so that Excel
    reads the accents)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([str(c.header) for c in spec.columns])
    text_formats = [TEXT_FORMATS.get(c.kind) for c in spec.columns]

    line = _line_of(spec)

    def text(values: list[Any]) -> list[Any]:
        return [
            f(v) if f and v is not None else ("" if v is None else v)
            for v, f in zip(values, text_formats, strict=True)
        ]

    for page in pages:
        yield "".join(writer.writerow(text(line(item))) for item in page)


def export_response(request: HttpRequest, spec: ExportList, fmt: str, pages: Iterator[Page]):
    """The file response of one export, streamed."""
    filename = f"{spec.name}-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_lines(spec, pages), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes (and so deletes) it
    try:
        write_xlsx(spec, pages, out)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=filename, content_type=XLSX)


def list_workbook(request: HttpRequest, list_path: str) -> HttpResponse:
    """The whole list API at `list_path` (e.g. `/api/billing/payments`), filtered by this
    request's query string, as one XLSX answered in this request (the columns of its
    `exports` table): for a list's own `…/export.xlsx` URL. The list's error (400 bad
    filter, 403, 404) is answered as the list answers it."""
    match = resolve(list_path)
    spec = export_for(match.route.removeprefix("api/"))
    if spec is None:
        raise ValueError(f"{list_path} is not an exportable list")
    error, pages = list_pages(PageFetcher(request, match))
    if error is not None:
        return error
    with tempfile.TemporaryFile() as out:
        write_xlsx(spec, pages, out)
        out.seek(0)
        response = HttpResponse(out.read(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{spec.name}.xlsx"'
    return response


def file_response(handle, job) -> FileResponse:
    """The stored file of an export job, streamed as an attachment."""
    content_type = XLSX if job.format == "xlsx" else "text/csv; charset=utf-8"
    return FileResponse(
        handle, as_attachment=True, filename=job.file_name, content_type=content_type
    )
