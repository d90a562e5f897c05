"""Workbook import, list export helpers and the KPI dashboard over JSON. Handlers are thin."""

from urllib.parse import urlencode
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from unicon.core.errors import ValidationFailed
from unicon.core.schemas import ErrorOut, to_camel
from unicon.dataio import kpi, services
from unicon.dataio.schemas import ImportRunOut, KpiFilters

router = Router(tags=["data"], by_alias=True)

ERRORS = {status: ErrorOut for status in (400, 403, 404, 409, 413)}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.post(
    "/imports",
    response={201: ImportRunOut, **ERRORS},
    by_alias=True,
    operation_id="createImport",
    summary="Upload the company workbook: dry run, or commit",
)
def create_import(
    request: HttpRequest,
    file: File[UploadedFile] = None,
    sheets: Form[str] = "",
    commit: Form[bool] = False,
):
    """ADMIN. Multipart `file` (.xlsx, ≤ 20 MB); `sheets` comma-separated keys (default all);
    `commit=true` imports at once (all or nothing), otherwise a dry run that writes nothing
    but the run and its report. 201 either way — read `status` (PREVIEWED, COMMITTED, FAILED)
    and `report.errorCount`."""
    if file is None:
        raise ValidationFailed("Attach the workbook as `file`.", {"file": ["required"]})
    action = services.commit_import if commit else services.preview_import
    run = action(request.user, file.read(), file.name, sheets.split(",") if sheets else None)
    return Status(201, run)


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
    by_alias=True,
    operation_id="getImport",
    summary="One workbook import and its report",
)
def get_import(request: HttpRequest, run_id: UUID):
    return services.get_run(request.user, run_id)


@router.post(
    "/imports/{run_id}/commit",
    response={200: ImportRunOut, **ERRORS},
    by_alias=True,
    operation_id="commitImport",
    summary="Import a previewed workbook (all or nothing)",
)
def commit_import(request: HttpRequest, run_id: UUID):
    """409 when already imported; FAILED (nothing written) when a row has an error."""
    return services.commit_run(request.user, run_id)


@router.get(
    "/imports/{run_id}/errors.xlsx",
    operation_id="importErrors",
    summary="The rows with errors, with the reasons",
    response={200: None, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
)
def import_errors(request: HttpRequest, run_id: UUID):
    data = services.run_error_report(request.user, run_id, get_language())
    return xlsx_response(data, f"import-errors-{run_id}.xlsx")


def api_list_url(filters: dict[str, str]) -> str:
    """The shipment list API filtered as a KPI figure counts it."""
    query = urlencode({to_camel(k): v for k, v in filters.items() if v})
    return f"/api/shipments?{query}"


@router.get(
    "/kpi",
    response={200: dict, 400: ErrorOut, 403: ErrorOut},
    operation_id="getKpis",
    summary="KPI dashboard for a date range",
)
def get_kpis(request: HttpRequest, filters: Query[KpiFilters]):
    """ADMIN, OPS, ACCOUNTING. `dateFrom`/`dateTo` are business days (default: the last 30
    days; at most 366). Returns `shipments` {total, byStatus, byType, perDay}, `onTime`
    {firstStop, lastStop: measured, onTime, rate 0-1}, `fleet` {tractorsInService, trips,
    tripsPerTractorPerDay, idleTractors, topTractors, topDrivers}, `documents` {delivered,
    podComplete, podRate, byStatus, late}, `topCustomers`; every counted figure has a
    `listUrl` to the shipment list it counts. Definitions: `unicon.dataio.kpi`."""
    board = kpi.dashboard(request.user, filters.date_from, filters.date_to)
    return kpi.as_json(board, api_list_url)
