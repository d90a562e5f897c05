"""Workbook import, background list exports and the KPI dashboard over JSON. Handlers are
thin."""

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from unicon.core.errors import ValidationFailed
from unicon.core.pagination import Paged, filtered_page
from unicon.core.schemas import ErrorOut
from unicon.dataio import audit, export_jobs, kpi, services
from unicon.dataio.export import file_response
from unicon.dataio.schemas import (
    AuditEntryOut,
    ExportIn,
    ExportJobOut,
    ImportRunOut,
    KpiFilters,
    KpiOut,
)

router = Router(tags=["data"], by_alias=True)

ERRORS = {status: ErrorOut for status in (400, 403, 404, 409, 413)}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.post(
    "/imports",
    response={202: ImportRunOut, **ERRORS},
    operation_id="createImport",
    summary="Upload the company workbook: queue its dry run (or its import)",
)
def create_import(
    request: HttpRequest,
    file: File[UploadedFile] = None,
    sheets: Form[str] = "",
    commit: Form[bool] = False,
):
    """ADMIN. Multipart `file` (.xlsx, ≤ 20 MB); `sheets` comma-separated keys (default all).
    The file is checked and stored, and its dry run queued on the job queue: 202 with the
    run (state QUEUED). Poll `GET /api/imports/{id}` until `state` is DONE, then read
    `status` (PREVIEWED) and `report.errorCount`. `commit=true` queues the import itself
    instead (all or nothing: COMMITTED, or FAILED with nothing written and the report)."""
    if file is None:
        raise ValidationFailed("Attach the workbook as `file`.", {"file": ["required"]})
    chosen = sheets.split(",") if sheets else None
    run = services.queue_import(request.user, file.read(), file.name, chosen, commit)
    return Status(202, run)


@router.get(
    "/imports/template.xlsx",
    operation_id="importTemplate",
    summary="The empty workbook to fill in",
    response={200: None, 403: dict},
)
def import_template(request: HttpRequest):
    """Every sheet's expected headers and one example row."""
    services.ensure_importer(request.user)
    return xlsx_response(services.template_workbook(), "unicon-import-template.xlsx")


@router.get(
    "/imports/{run_id}",
    response={200: ImportRunOut, 403: ErrorOut, 404: ErrorOut},
    operation_id="getImport",
    summary="One workbook import: its job's state and progress, and its report",
)
def get_import(request: HttpRequest, run_id: UUID):
    """ADMIN. Poll this while `state` is QUEUED or RUNNING (`progress` in rows)."""
    return services.get_run(request.user, run_id)


@router.post(
    "/imports/{run_id}/commit",
    response={202: ImportRunOut, **ERRORS},
    operation_id="commitImport",
    summary="Queue the import of a previewed workbook (all or nothing)",
)
def commit_import(request: HttpRequest, run_id: UUID):
    """202 with the run (state QUEUED, action COMMIT); poll it until DONE: COMMITTED, or
    FAILED with nothing written when a row has an error. 409 when already imported, still
    running, or its file is no longer kept."""
    return Status(202, services.queue_commit(request.user, run_id))


@router.get(
    "/imports/{run_id}/errors.xlsx",
    operation_id="importErrors",
    summary="The rows with errors, with the reasons",
    response={200: None, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
)
def import_errors(request: HttpRequest, run_id: UUID):
    data = services.run_error_report(request.user, run_id, get_language())
    return xlsx_response(data, f"import-errors-{run_id}.xlsx")


@router.post(
    "/exports",
    response={202: ExportJobOut, **ERRORS},
    operation_id="createExport",
    summary="Export a list in the background",
)
def create_export(request: HttpRequest, data: ExportIn):
    """Any user, for a list they may read. `url`: the list API with its filters (e.g.
    `/api/shipments?operationStatus=DELIVERED`), `format` xlsx or csv. The list is checked
    at once as the caller (400 bad filter or not an exportable list, 403/404 as the list
    answers), then written by the worker: 202 with the job; poll `GET /api/exports/{id}`.
    `GET <list>?format=xlsx&async=1` does the same (and a plain `?format=` does it too when
    the list has more than `EXPORT_INLINE_MAX_ROWS` rows)."""
    path, _sep, query = data.url.partition("?")
    job = export_jobs.start(request.user, path, query, data.format, get_language() or "vi")
    return Status(202, job)


@router.get(
    "/exports",
    response={200: list[ExportJobOut], 401: ErrorOut},
    operation_id="listExports",
    summary="My background exports, newest first (the last 50)",
)
def list_exports(request: HttpRequest):
    return export_jobs.mine(request.user)


@router.get(
    "/exports/{export_id}",
    response={200: ExportJobOut, 404: ErrorOut},
    operation_id="getExport",
    summary="One background export: state, progress, download URL",
)
def get_export(request: HttpRequest, export_id: UUID):
    """The owner and ADMIN; 404 for anybody else."""
    return export_jobs.get(request.user, export_id)


@router.get(
    "/exports/{export_id}/file",
    operation_id="downloadExport",
    summary="The file of a finished export",
    response={200: None, 404: ErrorOut, 409: ErrorOut},
)
def download_export(request: HttpRequest, export_id: UUID):
    """The owner and ADMIN (404 for anybody else); 409 while not DONE or once purged."""
    return file_response(*export_jobs.open_file(request.user, export_id))


@router.get(
    "/audit",
    response={200: Paged[AuditEntryOut], 400: ErrorOut, 403: ErrorOut},
    operation_id="listAuditEntries",
    summary="The audit trail (ADMIN), newest first",
)
def list_audit_entries(request: HttpRequest):
    """ADMIN. Filters: `user` (actor id), `dateFrom`/`dateTo` (days or moments, both
    included), `action`, `objectType`, `objectId`; keyset paging (`limit`, `cursor`).
    `?format=xlsx|csv` exports the filtered trail (long ones as a background export)."""
    return filtered_page(request, audit.AuditFilter, audit.entries(request.user))


def api_list_url(filters: dict[str, str]) -> str:
    """The shipment list API filtered as a KPI figure counts it."""
    return f"/api/shipments?{kpi.list_query(filters)}"


@router.get(
    "/kpi",
    response={200: KpiOut, 400: ErrorOut, 403: ErrorOut},
    operation_id="getKpis",
    summary="KPI dashboard for a date range",
)
def get_kpis(request: HttpRequest, filters: Query[KpiFilters]):
    """ADMIN, OPS, ACCOUNTING. `dateFrom`/`dateTo` are business days (default: the last 30
    days; at most 366). Returns `shipments` {total, byStatus, byType, perDay}, `onTime`
    {firstStop, lastStop: measured, onTime, rate 0-1}, `fleet` {tractorsInService, trips,
    tripsPerTractorPerDay, idleTractors, topTractors, topDrivers}, `documents` {delivered,
    podComplete, podRate, byStatus, late}, `revenue` {invoiced, collected: amount VND,
    count, listUrl}, `topCustomers`; every counted figure has a `listUrl` to the list it
    counts. Definitions: `unicon.dataio.kpi`."""
    board = kpi.dashboard(request.user, filters.date_from, filters.date_to)
    return kpi.as_json(board, api_list_url)
