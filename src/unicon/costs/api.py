"""Fleet costs API: fuel logs, repair logs, purchase invoices, margin per truck.
Handlers are thin: parse, call one service, render."""

from datetime import date
from functools import wraps
from uuid import UUID

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile

from unicon.core import filtering, limits
from unicon.core.errors import ServiceError, ValidationFailed, error_body
from unicon.core.pagination import DEFAULT_LIMIT, Paged
from unicon.core.schemas import ErrorOut, to_camel
from unicon.costs import files, invoices, margins, services
from unicon.costs.filters import MarginForm
from unicon.costs.models import FuelLog, RepairLog
from unicon.costs.schemas import (
    FuelLogIn,
    FuelLogOut,
    InvoiceOut,
    InvoiceUpdateIn,
    MarginOut,
    RepairLogIn,
    RepairLogOut,
    ReviewIn,
)
from unicon.pods import content, serving

router = Router(tags=["costs"], by_alias=True)
ERRORS = {status: ErrorOut for status in (400, 403, 404, 409, 413)}


def body_limit(run):
    """413 from Content-Length alone (room for `files.MAX_FILES` files), before reading."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        length = request.META.get("CONTENT_LENGTH") or 0
        try:
            if int(length) > files.MAX_FILES * content.max_bytes() + limits.MULTIPART_OVERHEAD:
                content.check_request_size(length)
        except ServiceError as exc:
            return JsonResponse(error_body(exc.code, exc.message, exc.details), status=exc.status)
        except ValueError:
            pass
        return run(request, *args, **kwargs)

    return wrapper


def _list_params(request: HttpRequest) -> tuple[dict, int, str | None]:
    params = request.GET.dict()
    try:
        limit = int(params.pop("limit", DEFAULT_LIMIT))
    except ValueError as exc:
        raise ValidationFailed(_("limit must be a whole number."), {"limit": ["invalid"]}) from exc
    return params, limit, params.pop("cursor", None)


def _fuel_input(payload: FuelLogIn) -> services.FuelInput:
    data = payload.model_dump()
    return services.FuelInput(vehicle=data.pop("vehicle_id"), driver=data.pop("driver_id"), **data)


def _repair_input(payload: RepairLogIn) -> services.RepairInput:
    data = payload.model_dump()
    lines = [services.LineInput(**line) for line in data.pop("lines")]
    return services.RepairInput(
        vehicle=data.pop("vehicle_id"), driver=data.pop("driver_id"), lines=lines, **data
    )


# --------------------------------------------------------------------------- fuel


@router.get(
    "/fuel-logs",
    response={200: Paged[FuelLogOut], **ERRORS},
    operation_id="listFuelLogs",
    summary="List fuel logs",
)
def list_fuel_logs(request: HttpRequest):
    """ACCOUNTING, DISPATCHER, OPS, ADMIN see all; a DRIVER their own. Newest fill first.
    Filters: `status`, `vehicle`, `driver` (public ids), `dateFrom`/`dateTo` (YYYY-MM-DD),
    `flagged` (true/false); `limit`, `cursor`. A bad value → 400."""
    params, limit, cursor = _list_params(request)
    return services.list_fuel_logs(request.user, params, limit, cursor).as_response()


@router.post(
    "/fuel-logs",
    response={201: FuelLogOut, **ERRORS},
    operation_id="createFuelLog",
    summary="Enter a fuel fill",
)
def create_fuel_log(request: HttpRequest, payload: FuelLogIn):
    """DRIVER (as themselves), ACCOUNTING, DISPATCHER, ADMIN. `amount` (VND) must match
    litres × unitPrice within rounding (omit it to compute); photos via `…/files`."""
    log = services.create_fuel_log(request.user, _fuel_input(payload))
    return Status(201, services.fuel_log(request.user, log.public_id))


@router.get(
    "/fuel-logs/{log_id}",
    response={200: FuelLogOut, **ERRORS},
    operation_id="getFuelLog",
    summary="One fuel log",
)
def get_fuel_log(request: HttpRequest, log_id: UUID):
    return services.fuel_log(request.user, log_id)


@router.put(
    "/fuel-logs/{log_id}",
    response={200: FuelLogOut, **ERRORS},
    operation_id="updateFuelLog",
    summary="Correct a fuel log",
)
def update_fuel_log(request: HttpRequest, log_id: UUID, payload: FuelLogIn):
    """Not once CONFIRMED; a DRIVER only their own. A REJECTED log goes back to PENDING."""
    services.update_fuel_log(request.user, log_id, _fuel_input(payload))
    return services.fuel_log(request.user, log_id)


@router.post(
    "/fuel-logs/{log_id}/review",
    response={200: FuelLogOut, **ERRORS},
    operation_id="reviewFuelLog",
    summary="Confirm or reject a fuel log",
)
def review_fuel_log(request: HttpRequest, log_id: UUID, payload: ReviewIn):
    """ACCOUNTING, ADMIN. `{status: CONFIRMED}` or `{status: REJECTED, reason}`."""
    services.review_fuel_log(request.user, log_id, payload.status, payload.reason)
    return services.fuel_log(request.user, log_id)


@decorate_view(body_limit)
@router.post(
    "/fuel-logs/{log_id}/files",
    response={201: FuelLogOut, **ERRORS},
    operation_id="addFuelLogFile",
    summary="Attach a receipt, pump or odometer photo",
)
def add_fuel_file(
    request: HttpRequest, log_id: UUID, file: File[UploadedFile] = None, kind: Form[str] = "RECEIPT"
):
    """Multipart `file` (JPEG, PNG, WebP, HEIC, PDF; checked by content) and `kind`
    (RECEIPT, PUMP, ODOMETER, OTHER)."""
    services.add_file(request.user, FuelLog, log_id, kind, file)
    return Status(201, services.fuel_log(request.user, log_id))


# --------------------------------------------------------------------------- repairs


@router.get(
    "/repair-logs",
    response={200: Paged[RepairLogOut], **ERRORS},
    operation_id="listRepairLogs",
    summary="List repair and maintenance logs",
)
def list_repair_logs(request: HttpRequest):
    """As fuel logs; filters `status`, `vehicle`, `driver`, `dateFrom`/`dateTo`."""
    params, limit, cursor = _list_params(request)
    return services.list_repair_logs(request.user, params, limit, cursor).as_response()


@router.post(
    "/repair-logs",
    response={201: RepairLogOut, **ERRORS},
    operation_id="createRepairLog",
    summary="Enter a repair or service",
)
def create_repair_log(request: HttpRequest, payload: RepairLogIn):
    """Lines (PART/LABOUR, quantity, unitPrice VND): amount = round(quantity × unitPrice),
    total = Σ. `nextServiceOn` / `nextServiceKm` set the next service due."""
    log = services.create_repair_log(request.user, _repair_input(payload))
    return Status(201, services.repair_log(request.user, log.public_id))


@router.get(
    "/repair-logs/due",
    response={200: list[RepairLogOut], **ERRORS},
    operation_id="listServicesDue",
    summary="Services due within 30 days or 1000 km",
)
def services_due(request: HttpRequest):
    return services.services_due(request.user)


@router.get(
    "/repair-logs/{log_id}",
    response={200: RepairLogOut, **ERRORS},
    operation_id="getRepairLog",
    summary="One repair log",
)
def get_repair_log(request: HttpRequest, log_id: UUID):
    return services.repair_log(request.user, log_id)


@router.put(
    "/repair-logs/{log_id}",
    response={200: RepairLogOut, **ERRORS},
    operation_id="updateRepairLog",
    summary="Correct a repair log",
)
def update_repair_log(request: HttpRequest, log_id: UUID, payload: RepairLogIn):
    services.update_repair_log(request.user, log_id, _repair_input(payload))
    return services.repair_log(request.user, log_id)


@router.post(
    "/repair-logs/{log_id}/review",
    response={200: RepairLogOut, **ERRORS},
    operation_id="reviewRepairLog",
    summary="Confirm or reject a repair log",
)
def review_repair_log(request: HttpRequest, log_id: UUID, payload: ReviewIn):
    services.review_repair_log(request.user, log_id, payload.status, payload.reason)
    return services.repair_log(request.user, log_id)


@decorate_view(body_limit)
@router.post(
    "/repair-logs/{log_id}/files",
    response={201: RepairLogOut, **ERRORS},
    operation_id="addRepairLogFile",
    summary="Attach an invoice or receipt",
)
def add_repair_file(
    request: HttpRequest, log_id: UUID, file: File[UploadedFile] = None, kind: Form[str] = "INVOICE"
):
    services.add_file(request.user, RepairLog, log_id, kind, file)
    return Status(201, services.repair_log(request.user, log_id))


@router.get("/cost-files/{file_id}", operation_id="downloadCostFile", summary="Download a file")
def download_cost_file(request: HttpRequest, file_id: UUID):
    """The file of a log or invoice the user may see (images inline, others as attachment)."""
    return serving.respond(files.download(request.user, file_id))


# --------------------------------------------------------------------------- purchase invoices


@router.get(
    "/purchase-invoices",
    response={200: Paged[InvoiceOut], **ERRORS},
    operation_id="listPurchaseInvoices",
    summary="List purchase invoices",
)
def list_invoices(request: HttpRequest):
    """ACCOUNTING, ADMIN. Newest entered first; filters `status`, `source`, `vehicle`,
    `dateFrom`/`dateTo` (invoice date), `q` (number prefix, tax code prefix, seller name)."""
    params, limit, cursor = _list_params(request)
    return invoices.list_invoices(request.user, params, limit, cursor).as_response()


@decorate_view(body_limit)
@router.post(
    "/purchase-invoices/einvoice",
    response={201: InvoiceOut, **ERRORS},
    operation_id="importEInvoice",
    summary="Import an e-invoice XML (exact, no OCR)",
)
def import_einvoice(
    request: HttpRequest,
    xml: File[UploadedFile] = None,
    pdf: File[UploadedFile] = None,
    vehicleId: Form[UUID | None] = None,
):
    """Multipart `xml` (Circular 78/2021 structure, ≤ 2 MB) and optional `pdf`. 409 with
    `details.existingId` when the same seller tax code + series + number exists; arithmetic
    or buyer problems are listed in `issues` and block confirmation."""
    invoice = invoices.import_einvoice(request.user, xml, pdf, vehicleId)
    return Status(201, invoices.invoice(request.user, invoice.public_id))


@decorate_view(body_limit)
@router.post(
    "/purchase-invoices/scan",
    response={201: InvoiceOut, **ERRORS},
    operation_id="uploadInvoiceScan",
    summary="Upload a paper invoice (photos or PDF) for OCR",
)
def upload_scan(
    request: HttpRequest,
    files: File[list[UploadedFile]] = None,
    vehicleId: Form[UUID | None] = None,
):
    """Multipart `files` (1–10; JPEG, PNG, WebP, HEIC, PDF). Answers at once with status
    PROCESSING; OCR runs in the background and moves it to PENDING."""
    invoice = invoices.upload_scan(request.user, files or [], vehicleId)
    return Status(201, invoices.invoice(request.user, invoice.public_id))


@router.get(
    "/purchase-invoices/{invoice_id}",
    response={200: InvoiceOut, **ERRORS},
    operation_id="getPurchaseInvoice",
    summary="One purchase invoice",
)
def get_invoice(request: HttpRequest, invoice_id: UUID):
    return invoices.invoice(request.user, invoice_id)


@router.patch(
    "/purchase-invoices/{invoice_id}",
    response={200: InvoiceOut, **ERRORS},
    operation_id="updatePurchaseInvoice",
    summary="Type fields or assign to a vehicle",
)
def update_invoice(request: HttpRequest, invoice_id: UUID, payload: InvoiceUpdateIn):
    """Only the keys sent change; typed fields win over OCR. E-invoice figures are
    read-only (400)."""
    data = payload.model_dump(exclude_unset=True)
    assign = {
        name: data.pop(f"{name}_id") for name in ("vehicle", "shipment") if f"{name}_id" in data
    }
    invoices.update_invoice(request.user, invoice_id, data, assign)
    return invoices.invoice(request.user, invoice_id)


@router.post(
    "/purchase-invoices/{invoice_id}/ocr",
    response={200: InvoiceOut, **ERRORS},
    operation_id="retryInvoiceOcr",
    summary="Read a scanned invoice again",
)
def retry_ocr(request: HttpRequest, invoice_id: UUID):
    """Back to PROCESSING; the background OCR reads it again (typed fields still win)."""
    invoices.retry_ocr(request.user, invoice_id)
    return invoices.invoice(request.user, invoice_id)


@router.post(
    "/purchase-invoices/{invoice_id}/review",
    response={200: InvoiceOut, **ERRORS},
    operation_id="reviewPurchaseInvoice",
    summary="Confirm or reject a purchase invoice",
)
def review_invoice(request: HttpRequest, invoice_id: UUID, payload: ReviewIn):
    """Confirmation needs number, date, seller tax code and total, and no open issues."""
    invoices.review_invoice(request.user, invoice_id, payload.status, payload.reason)
    return invoices.invoice(request.user, invoice_id)


# --------------------------------------------------------------------------- margins


@router.get(
    "/costs/margins",
    response={200: MarginOut, **ERRORS},
    operation_id="getTruckMargins",
    summary="Revenue, costs and margin per truck",
)
def truck_margins(
    request: HttpRequest,
    dateFrom: date | None = None,
    dateTo: date | None = None,
    includeUnconfirmed: bool = False,
):
    """ACCOUNTING, ADMIN. `dateFrom`/`dateTo` (inclusive business dates, ≤ 1 year).
    `revenue`/`margin` are null while no revenue source (billing) is configured. `top` /
    `bottom`: the best and worst tractors (by margin, else by cost per km)."""
    form = MarginForm(
        {"date_from": dateFrom, "date_to": dateTo, "include_unconfirmed": includeUnconfirmed}
    )
    if not form.is_valid():
        raise filtering.refused({to_camel(name): errors for name, errors in form.errors.items()})
    data = form.cleaned_data
    report = margins.margins(
        request.user, data["date_from"], data["date_to"], data["include_unconfirmed"]
    )
    top, bottom = report.ranked()
    return {
        "top": [truck.vehicle for truck in top],
        "bottom": [truck.vehicle for truck in bottom],
        "date_from": report.date_from,
        "date_to": report.date_to,
        "include_unconfirmed": report.include_unconfirmed,
        "revenue_available": report.revenue_available,
        "trucks": report.trucks,
        "totals": {name: report.total(name) for name in margins.TOTALS},
    }
