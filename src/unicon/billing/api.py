"""Billing API: tariffs, charge types, charges, statements, invoices. Thin handlers: parse,
call one service, return its result. Lists are keyset-paginated and filtered by the
FilterSets of `filters` (a bad filter answers 400 VALIDATION_ERROR)."""

from collections.abc import Callable
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from ninja import File, Router, Status
from ninja.files import UploadedFile

from unicon.billing import exports, filters, invoices, invoicing, pdf, services
from unicon.billing.schemas import (
    CancelIn,
    ChargeIn,
    ChargeOut,
    ChargeTypeIn,
    ChargeTypeOut,
    ChargeUpdateIn,
    InvoiceDetailOut,
    InvoiceIn,
    InvoiceOut,
    InvoiceUpdateIn,
    IssueIn,
    StatementActionIn,
    StatementDetailOut,
    StatementIn,
    StatementOut,
    TariffIn,
    TariffOut,
    UnbilledOut,
)
from unicon.core.pagination import Paged, filtered_page
from unicon.core.schemas import ErrorOut
from unicon.pods import content

router = Router(tags=["billing"], by_alias=True)
ERRORS = {status: ErrorOut for status in (400, 403, 404, 409)}


def add_list_routes(
    on: Router,
    path: str,
    name: str,
    out: type,
    filterset,
    visible: Callable,
    description: str,
    prefetch: tuple[str, ...] = (),
) -> None:
    """`GET <path>` (`list<Name>`: one keyset page, rows `out`) and `GET <path>/export.xlsx`
    (`export<Name>`: the whole filtered list as XLSX — the same file as `<path>?format=xlsx`,
    columns of `unicon.dataio.exports_billing`) of the rows `visible(user)` answers,
    filtered by `filterset`; `prefetch` only for the page."""
    title = name.capitalize()

    def list_rows(request: HttpRequest):
        return filtered_page(request, filterset, visible(request.user).prefetch_related(*prefetch))

    def export_rows(request: HttpRequest):
        from unicon.dataio.export import list_workbook  # dataio builds on the billing lists

        return list_workbook(request, f"/api{path}")

    on.get(
        path,
        response={200: Paged[out], **ERRORS},
        operation_id=f"list{title}",
        summary=f"List {title}",
        description=description,
    )(list_rows)
    on.get(
        f"{path}/export.xlsx",
        response={200: None, **ERRORS},
        operation_id=f"export{title}",
        summary=f"Export {title}",
        description=f"The filtered {name} as XLSX (same filters as `list{title}`).",
    )(export_rows)


# --------------------------------------------------------------------------- catalogue & tariffs


@router.get(
    "/billing/charge-types",
    response=list[ChargeTypeOut],
    operation_id="listChargeTypes",
)
def list_charge_types(request: HttpRequest):
    """The catalogue of extra charges with their default VAT rate (billing readers)."""
    return list(services.list_charge_types(request.user))


@router.post(
    "/billing/charge-types",
    response={201: ChargeTypeOut, **ERRORS},
    operation_id="createChargeType",
)
def create_charge_type(request: HttpRequest, payload: ChargeTypeIn):
    """ACCOUNTING/ADMIN. A disbursement type is always "NS" (not subject to VAT)."""
    return Status(201, services.save_charge_type(request.user, payload.model_dump()))


@router.put(
    "/billing/charge-types/{code}",
    response={200: ChargeTypeOut, **ERRORS},
    operation_id="updateChargeType",
)
def update_charge_type(request: HttpRequest, code: str, payload: ChargeTypeIn):
    return services.save_charge_type(request.user, payload.model_dump(), code)


@router.get(
    "/billing/tariffs",
    response={200: Paged[TariffOut], **ERRORS},
    operation_id="listTariffs",
)
def list_tariffs(request: HttpRequest):
    """Filters: customer (id), default (true = company defaults), type, activeOn (date)."""
    queryset = services.list_tariffs(request.user)
    return filtered_page(request, filters.TariffFilter, queryset)


@router.post(
    "/billing/tariffs",
    response={201: TariffOut, **ERRORS},
    operation_id="createTariff",
)
def create_tariff(request: HttpRequest, payload: TariffIn):
    """ACCOUNTING/ADMIN: price (integer VND ≥ 0) by shipment type × route (from/to location or
    province) × container type, valid from/to; no customer = the company default."""
    return Status(201, services.save_tariff(request.user, payload.model_dump()))


@router.put(
    "/billing/tariffs/{tariff_id}",
    response={200: TariffOut, **ERRORS},
    operation_id="updateTariff",
)
def update_tariff(request: HttpRequest, tariff_id: UUID, payload: TariffIn):
    """Charges already created keep their price."""
    return services.save_tariff(request.user, payload.model_dump(), tariff_id)


@router.delete(
    "/billing/tariffs/{tariff_id}",
    response={204: None, **ERRORS},
    operation_id="deleteTariff",
)
def delete_tariff(request: HttpRequest, tariff_id: UUID):
    services.delete_tariff(request.user, tariff_id)
    return Status(204, None)


# --------------------------------------------------------------------------- charges


@router.get(
    "/billing/unbilled",
    response={200: Paged[UnbilledOut], **ERRORS},
    operation_id="listUnbilledShipments",
)
def list_unbilled(request: HttpRequest):
    """Delivered shipments not on a live invoice; `hasFreight: false` = no tariff matched."""
    queryset = services.unbilled_shipments(request.user)
    return filtered_page(request, filters.UnbilledFilter, queryset)


add_list_routes(
    router,
    "/billing/charges",
    "charges",
    ChargeOut,
    filters.ChargeFilter,
    services.visible_charges,
    "Filters: customer, shipment (ids), kind, invoiced (true/false).",
)


@router.post(
    "/billing/charges",
    response={201: ChargeOut, **ERRORS},
    operation_id="createCharge",
)
def create_charge(request: HttpRequest, payload: ChargeIn):
    """quantity 1–100 000, unitPrice 0–10^15 VND (integers); amount = quantity × unitPrice, at
    most 10^15 VND (`core.numbers`): 400 naming the field otherwise."""
    return Status(201, services.create_charge(request.user, payload.model_dump()))


@router.put(
    "/billing/charges/{charge_id}",
    response={200: ChargeOut, **ERRORS},
    operation_id="updateCharge",
)
def update_charge(request: HttpRequest, charge_id: UUID, payload: ChargeUpdateIn):
    """409 once the charge is on an invoice."""
    data = payload.model_dump(exclude_none=True)
    return services.update_charge(request.user, charge_id, data)


@router.delete(
    "/billing/charges/{charge_id}", response={204: None, **ERRORS}, operation_id="deleteCharge"
)
def delete_charge(request: HttpRequest, charge_id: UUID):
    services.delete_charge(request.user, charge_id)
    return Status(204, None)


@router.post(
    "/billing/charges/{charge_id}/receipt",
    response={200: ChargeOut, **ERRORS},
    operation_id="attachReceipt",
)
def attach_receipt(request: HttpRequest, charge_id: UUID, file: File[UploadedFile]):
    """multipart `file`: JPEG/PNG/WebP/HEIC image or PDF, checked like POD files."""
    content.check_request_size(request.META.get("CONTENT_LENGTH"))
    return services.attach_receipt(request.user, charge_id, file)


@router.post(
    "/billing/shipments/{shipment_id}/price",
    response={201: ChargeOut, **ERRORS},
    operation_id="priceShipment",
)
def price_shipment(request: HttpRequest, shipment_id: UUID):
    """The freight charge from the tariff in effect on the planned date; 409 when none fits."""
    return Status(201, services.price_on_demand(request.user, shipment_id))


# --------------------------------------------------------------------------- statements


add_list_routes(
    router,
    "/billing/statements",
    "statements",
    StatementOut,
    filters.StatementFilter,
    invoicing.visible_statements,
    "Filters: customer, status, periodFrom, periodTo. Customers see their own only.",
)


@router.post(
    "/billing/statements",
    response={201: StatementDetailOut, **ERRORS},
    operation_id="buildStatement",
)
def build_statement(request: HttpRequest, payload: StatementIn):
    """Without dates: the customer's statement-cycle period containing today."""
    statement = invoicing.build_statement(
        request.user, payload.customer_id, payload.period_start, payload.period_end
    )
    return Status(201, invoicing.get_statement(request.user, statement.public_id))


@router.get(
    "/billing/statements/{statement_id}",
    response={200: StatementDetailOut, **ERRORS},
    operation_id="getStatement",
)
def get_statement(request: HttpRequest, statement_id: UUID):
    return invoicing.get_statement(request.user, statement_id)


@router.post(
    "/billing/statements/{statement_id}/{action}",
    response={200: StatementDetailOut, **ERRORS},
    operation_id="moveStatement",
)
def move_statement(
    request: HttpRequest, statement_id: UUID, action: str, payload: StatementActionIn
):
    """action: send | confirm | dispute (chargeId + comment) | resolve."""
    invoicing.move_statement(
        request.user, statement_id, action, charge_id=payload.charge_id, comment=payload.comment
    )
    return invoicing.get_statement(request.user, statement_id)


# --------------------------------------------------------------------------- invoices


@router.get(
    "/billing/invoices",
    response={200: Paged[InvoiceOut], **ERRORS},
    operation_id="listInvoices",
)
def list_invoices(request: HttpRequest):
    """Filters: customer, status, seller, dateFrom, dateTo (invoice date)."""
    queryset = invoices.visible_invoices(request.user)
    return filtered_page(request, filters.InvoiceFilter, queryset)


@router.get(
    "/billing/invoices/export.xlsx",
    response={200: None, **ERRORS},
    operation_id="exportInvoices",
)
def export_invoices(request: HttpRequest):
    """The filtered invoices (same filters as `listInvoices`, no paging) as XLSX, one row per
    line, in the e-invoice import layout documented in `billing/exports.py` and the README."""
    rows = filters.apply(
        filters.InvoiceFilter, request.GET, invoices.visible_invoices(request.user)
    )
    return exports.xlsx_response(exports.invoices_xlsx(rows.order_by(*filters.InvoiceFilter.ORDER)))


@router.post(
    "/billing/invoices",
    response={201: InvoiceDetailOut, **ERRORS},
    operation_id="createInvoice",
)
def create_invoice(request: HttpRequest, payload: InvoiceIn):
    """A DRAFT from a confirmed statement (`statementId`) or from `chargeIds` of `customerId`."""
    invoice = invoices.create_invoice(request.user, payload.model_dump())
    return Status(201, invoices.get_invoice(request.user, invoice.public_id))


@router.get(
    "/billing/invoices/{invoice_id}",
    response={200: InvoiceDetailOut, **ERRORS},
    operation_id="getInvoice",
)
def get_invoice(request: HttpRequest, invoice_id: UUID):
    return invoices.get_invoice(request.user, invoice_id)


@router.put(
    "/billing/invoices/{invoice_id}",
    response={200: InvoiceDetailOut, **ERRORS},
    operation_id="updateInvoice",
)
def update_invoice(request: HttpRequest, invoice_id: UUID, payload: InvoiceUpdateIn):
    """DRAFT only; an issued invoice answers 409."""
    invoices.update_invoice(request.user, invoice_id, payload.model_dump())
    return invoices.get_invoice(request.user, invoice_id)


@router.post(
    "/billing/invoices/{invoice_id}/issue",
    response={200: InvoiceDetailOut, **ERRORS},
    operation_id="issueInvoice",
)
def issue_invoice(request: HttpRequest, invoice_id: UUID, payload: IssueIn):
    invoices.issue_invoice(request.user, invoice_id, payload.provider_number)
    return invoices.get_invoice(request.user, invoice_id)


@router.post(
    "/billing/invoices/{invoice_id}/cancel",
    response={200: InvoiceDetailOut, **ERRORS},
    operation_id="cancelInvoice",
)
def cancel_invoice(request: HttpRequest, invoice_id: UUID, payload: CancelIn):
    invoices.cancel_invoice(request.user, invoice_id, payload.reason)
    return invoices.get_invoice(request.user, invoice_id)


@router.get(
    "/billing/invoices/{invoice_id}/pdf",
    response={200: None, **ERRORS, 503: ErrorOut},
    operation_id="downloadInvoicePdf",
)
def invoice_pdf(request: HttpRequest, invoice_id: UUID):
    """The invoice PDF (ACCOUNTING/ADMIN, the customer's owner); 503 PDF_UNAVAILABLE when the
    server lacks Pango."""
    data, name = pdf.download(request.user, invoice_id)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
