"""The billing lists export like every other list (`?format=xlsx|csv` on the list URL):
tariffs, unbilled shipments, charges, statements, invoices, receivables, payments. These
tables are also the files of the lists' own `…/export.xlsx` URLs
(`billing.api.add_list_routes`); billing keeps only its special layouts (the e-invoice
provider's invoice import, the statement of account). Column order: a receivable starts
with its document, a payment with its date (as accounting's workbook did)."""

from django.utils.translation import gettext_lazy as _

from unicon.billing.models import ChargeKind, InvoiceStatus, StatementStatus, VatRate
from unicon.billing.receivable_models import PaymentMethod, ReceivableStatus
from unicon.dataio.exports import BOOL, DATE, DATETIME, NUMBER, Col, ExportList, choice, register

VAT = choice("vatRate", _("VAT rate"), VatRate)
TARIFFS = ExportList(
    "tariffs",
    _("Tariffs"),
    (
        Col("shipmentType", _("Shipment type")),
        Col("fromArea", _("From")),
        Col("toArea", _("To")),
        Col("containerType", _("Container type")),
        Col("price", _("Price (VND)"), NUMBER),
        VAT,
        Col("validFrom", _("Valid from"), DATE),
        Col("validTo", _("Valid to"), DATE),
        Col("note", _("Note")),
    ),
)
UNBILLED = ExportList(
    "unbilled",
    _("Unbilled shipments"),
    (
        Col("number", _("Shipment number")),
        Col("customerName", _("Customer")),
        Col("actualEnd", _("Delivered at"), DATETIME),
        Col("hasFreight", _("Freight priced"), BOOL),
    ),
)
CHARGES = ExportList(
    "charges",
    _("Charges"),
    (
        Col("shipmentNumber", _("Shipment number")),
        choice("kind", _("Kind"), ChargeKind),
        Col("chargeType", _("Charge type")),
        Col("description", _("Description")),
        Col("quantity", _("Quantity"), NUMBER),
        Col("unitPrice", _("Unit price (VND)"), NUMBER),
        Col("amount", _("Amount (VND)"), NUMBER),
        VAT,
        Col("disputeComment", _("Customer's dispute")),
    ),
)
STATEMENTS = ExportList(
    "statements",
    _("Statements"),
    (
        Col("number", _("Statement number")),
        Col("customerName", _("Customer")),
        Col("periodStart", _("Period start"), DATE),
        Col("periodEnd", _("Period end"), DATE),
        choice("status", _("Status"), StatementStatus),
        Col("total", _("Total before VAT (VND)"), NUMBER),
        Col("sentAt", _("Sent at"), DATETIME),
        Col("confirmedAt", _("Confirmed at"), DATETIME),
    ),
)
INVOICES = ExportList(
    "invoices",
    _("Invoices"),
    (
        Col("number", _("Invoice number")),
        choice("status", _("Status"), InvoiceStatus),
        Col("sellerName", _("Seller")),
        Col("customerName", _("Customer")),
        Col("invoiceSeries", _("Series")),
        Col("providerNumber", _("E-invoice number")),
        Col("issueDate", _("Invoice date"), DATE),
        Col("buyerName", _("Buyer name")),
        Col("buyerTaxCode", _("Buyer tax code")),
        Col("subtotal", _("Total before VAT (VND)"), NUMBER),
        Col("vatTotal", _("VAT (VND)"), NUMBER),
        Col("total", _("Total (VND)"), NUMBER),
        Col("adjustsNumber", _("Adjusts invoice")),
        Col("cancelReason", _("Cancellation reason")),
    ),
)
RECEIVABLES = ExportList(
    "receivables",
    _("Receivables"),
    (
        Col("reference", _("Reference")),
        Col("customerName", _("Customer")),
        Col("month", _("Month")),
        Col("issuedOn", _("Recognised on"), DATE),
        Col("dueDate", _("Due date"), DATE),
        Col("amount", _("Amount (VND)"), NUMBER),
        Col("paidAmount", _("Paid (VND)"), NUMBER),
        Col("outstanding", _("Outstanding (VND)"), NUMBER),
        choice("status", _("Status"), ReceivableStatus),
    ),
)
PAYMENTS = ExportList(
    "payments",
    _("Payments"),
    (
        Col("paidOn", _("Payment date"), DATE),
        Col("customerName", _("Customer")),
        choice("method", _("Method"), PaymentMethod),
        Col("bankReference", _("Bank reference")),
        Col("amount", _("Amount (VND)"), NUMBER),
        Col("allocated", _("Allocated (VND)"), NUMBER),
        Col("credit", _("Credit (VND)"), NUMBER),
        Col("note", _("Note")),
        Col("reversedAt", _("Reversed at"), DATETIME),
        Col("reversalReason", _("Reversal reason")),
    ),
)

for _route, _export in (
    ("billing/tariffs", TARIFFS),
    ("billing/unbilled", UNBILLED),
    ("billing/charges", CHARGES),
    ("billing/statements", STATEMENTS),
    ("billing/invoices", INVOICES),
    ("billing/receivables", RECEIVABLES),
    ("billing/payments", PAYMENTS),
):
    register(_route, _export)
