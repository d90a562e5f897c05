"""Fleet costs API: fuel logs, repair logs, purchase invoices, margin per truck.
Handlers are thin: parse, call one service, render."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile

from unicon.core import filtering, limits
from unicon.core.dates import Day
from unicon.core.errors import ServiceError, ValidationFailed, error_response
from unicon.core.pagination import DEFAULT_LIMIT, Paged
from unicon.core.schemas import ErrorOut, to_camel
from unicon.costs import files, invoices, margins, services
from unicon.costs.filters import MarginForm
from unicon.costs.models import FuelLog, RepairLog
from unicon.costs.schemas import (
    FuelLogIn,
    FuelLogOut,
    MarginOut,
    PurchaseInvoiceOut,
    PurchaseInvoiceUpdateIn,
    PurchaseReviewIn,
    RepairLogIn,
    RepairLogOut,
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
            return error_response(exc.code, exc.message, exc.details, status=exc.status)
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


# --------------------------------------------------------------------------- fuel and repairs


@dataclass(frozen=True)
class LogRoutes:
    """A kind of cost log (fuel fills, repairs): the same six endpoints, differing only in
    these. `name` makes the operation ids (`listFuelLogs`, `createFuelLog`, `getFuelLog`,
    `updateFuelLog`, `reviewFuelLog`, `addFuelLogFile`); `texts` holds each operation's
    summary and description."""

    path: str
    name: str
    model: type
    payload: type
    out: type
    to_input: Callable
    list: Callable
    create: Callable
    read: Callable
    update: Callable
    review: Callable
    file_kind: str
    texts: dict[str, tuple[str, str | None]]


def add_log_routes(spec: LogRoutes) -> None:
    """Register the list, create, read, correct, review and attach-a-file endpoints of `spec`."""
    one = f"{spec.path}/{{log_id}}"

    def _route(method, path: str, operation: str, response: dict, operation_id: str):
        summary, description = spec.texts[operation]
        return getattr(router, method)(
            path,
            response={**response, **ERRORS},
            operation_id=operation_id,
            summary=summary,
            description=description,
        )

    @_route("get", spec.path, "list", {200: Paged[spec.out]}, f"list{spec.name}s")
    def list_logs(request: HttpRequest):
        params, limit, cursor = _list_params(request)
        return spec.list(request.user, params, limit, cursor).as_response()

    @_route("post", spec.path, "create", {201: spec.out}, f"create{spec.name}")
    def create_log(request: HttpRequest, payload: spec.payload):
        log = spec.create(request.user, spec.to_input(payload))
        return Status(201, spec.read(request.user, log.public_id))

    @_route("get", one, "get", {200: spec.out}, f"get{spec.name}")
    def get_log(request: HttpRequest, log_id: UUID):
        return spec.read(request.user, log_id)

    @_route("put", one, "update", {200: spec.out}, f"update{spec.name}")
    def update_log(request: HttpRequest, log_id: UUID, payload: spec.payload):
        spec.update(request.user, log_id, spec.to_input(payload))
        return spec.read(request.user, log_id)

    @_route("post", f"{one}/review", "review", {200: spec.out}, f"review{spec.name}")
    def review_log(request: HttpRequest, log_id: UUID, payload: PurchaseReviewIn):
        spec.review(request.user, log_id, payload.status, payload.reason)
        return spec.read(request.user, log_id)

    @decorate_view(body_limit)
    @_route("post", f"{one}/files", "file", {201: spec.out}, f"add{spec.name}File")
    def add_log_file(
        request: HttpRequest,
        log_id: UUID,
        file: File[UploadedFile] = None,
        kind: Form[str] = spec.file_kind,
    ):
        services.add_file(request.user, spec.model, log_id, kind, file)
        return Status(201, spec.read(request.user, log_id))


add_log_routes(
    LogRoutes(
        path="/fuel-logs",
        name="FuelLog",
        model=FuelLog,
        payload=FuelLogIn,
        out=FuelLogOut,
        to_input=_fuel_input,
        list=services.list_fuel_logs,
        create=services.create_fuel_log,
        read=services.fuel_log,
        update=services.update_fuel_log,
        review=services.review_fuel_log,
        file_kind="RECEIPT",
        texts={
            "list": (
                "List fuel logs",
                "ACCOUNTING, DISPATCHER, OPS, ADMIN see all; a DRIVER their own. Newest fill "
                "first.\nFilters: `status`, `vehicle`, `driver` (public ids), `dateFrom`/`dateTo` "
                "(YYYY-MM-DD),\n`flagged` (true/false); `limit`, `cursor`. A bad value → 400.",
            ),
            "create": (
                "Enter a fuel fill",
                "DRIVER (as themselves), ACCOUNTING, DISPATCHER, ADMIN. `amount` (VND) must "
                "match\nlitres × unitPrice within rounding (omit it to compute); photos via "
                "`…/files`.",
            ),
            "get": ("One fuel log", None),
            "update": (
                "Correct a fuel log",
                "Not once CONFIRMED; a DRIVER only their own. A REJECTED log goes back to PENDING.",
            ),
            "review": (
                "Confirm or reject a fuel log",
                "ACCOUNTING, ADMIN. `{status: CONFIRMED}` or `{status: REJECTED, reason}`.",
            ),
            "file": (
                "Attach a receipt, pump or odometer photo",
                "Multipart `file` (JPEG, PNG, WebP, HEIC, PDF; checked by content) and `kind`\n"
                "(RECEIPT, PUMP, ODOMETER, OTHER).",
            ),
        },
    )
)


@router.get(
    "/repair-logs/due",
    response={200: list[RepairLogOut], **ERRORS},
    operation_id="listServicesDue",
    summary="Services due within 30 days or 1000 km",
)
def services_due(request: HttpRequest):
    return services.services_due(request.user)


add_log_routes(
    LogRoutes(
        path="/repair-logs",
        name="RepairLog",
        model=RepairLog,
        payload=RepairLogIn,
        out=RepairLogOut,
        to_input=_repair_input,
        list=services.list_repair_logs,
        create=services.create_repair_log,
        read=services.repair_log,
        update=services.update_repair_log,
        review=services.review_repair_log,
        file_kind="INVOICE",
        texts={
            "list": (
                "List repair and maintenance logs",
                "As fuel logs; filters `status`, `vehicle`, `driver`, `dateFrom`/`dateTo`.",
            ),
            "create": (
                "Enter a repair or service",
                "Lines (PART/LABOUR, quantity, unitPrice VND): amount = round(quantity × "
                "unitPrice),\ntotal = Σ. `nextServiceOn` / `nextServiceKm` set the next service "
                "due.",
            ),
            "get": ("One repair log", None),
            "update": ("Correct a repair log", None),
            "review": ("Confirm or reject a repair log", None),
            "file": ("Attach an invoice or receipt", None),
        },
    )
)


@router.get("/cost-files/{file_id}", operation_id="downloadCostFile", summary="Download a file")
def download_cost_file(request: HttpRequest, file_id: UUID):
    """The file of a log or invoice the user may see (images inline, others as attachment)."""
    return serving.respond(files.download(request.user, file_id))


# --------------------------------------------------------------------------- purchase invoices


@router.get(
    "/purchase-invoices",
    response={200: Paged[PurchaseInvoiceOut], **ERRORS},
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
    response={201: PurchaseInvoiceOut, **ERRORS},
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
    response={201: PurchaseInvoiceOut, **ERRORS},
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
    response={200: PurchaseInvoiceOut, **ERRORS},
    operation_id="getPurchaseInvoice",
    summary="One purchase invoice",
)
def get_invoice(request: HttpRequest, invoice_id: UUID):
    return invoices.invoice(request.user, invoice_id)


@router.patch(
    "/purchase-invoices/{invoice_id}",
    response={200: PurchaseInvoiceOut, **ERRORS},
    operation_id="updatePurchaseInvoice",
    summary="Type fields or assign to a vehicle",
)
def update_invoice(request: HttpRequest, invoice_id: UUID, payload: PurchaseInvoiceUpdateIn):
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
    response={200: PurchaseInvoiceOut, **ERRORS},
    operation_id="retryInvoiceOcr",
    summary="Read a scanned invoice again",
)
def retry_ocr(request: HttpRequest, invoice_id: UUID):
    """Back to PROCESSING; the background OCR reads it again (typed fields still win)."""
    invoices.retry_ocr(request.user, invoice_id)
    return invoices.invoice(request.user, invoice_id)


@router.post(
    "/purchase-invoices/{invoice_id}/review",
    response={200: PurchaseInvoiceOut, **ERRORS},
    operation_id="reviewPurchaseInvoice",
    summary="Confirm or reject a purchase invoice",
)
def review_invoice(request: HttpRequest, invoice_id: UUID, payload: PurchaseReviewIn):
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
    dateFrom: Day | None = None,
    dateTo: Day | None = None,
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
