"""Receivables API: receivables and opening balances, payments with proofs, allocation,
reversal, aging, statement of account. Thin handlers over `receivables`, `payments`, `reports`."""

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from unicon.billing import filters, payments, receivables, reminders, reports
from unicon.billing.api import ERRORS, add_list_routes
from unicon.billing.schemas import (
    AgingOut,
    AgingQuery,
    AllocateIn,
    DueDateIn,
    OpeningBalanceIn,
    PaymentIn,
    PaymentOut,
    ReasonIn,
    ReceivableOut,
    ReminderSettingsIn,
    ReminderSettingsOut,
    StatementOfAccountOut,
)
from unicon.core import dates
from unicon.core.dates import Day
from unicon.core.schemas import form_json
from unicon.pods import content

router = Router(tags=["receivables"], by_alias=True)


add_list_routes(
    router,
    "/billing/receivables",
    "receivables",
    ReceivableOut,
    filters.ReceivableFilter,
    receivables.visible_receivables,
    "Oldest due first. Filters: customer, status, dueFrom, dueTo. Customers: their own.",
)


@router.post(
    "/billing/receivables",
    response={201: ReceivableOut, **ERRORS},
    operation_id="createOpeningBalance",
)
def create_opening_balance(request: HttpRequest, payload: OpeningBalanceIn):
    """An opening balance from before go-live: customer, month YYYY-MM, amount, reference."""
    return Status(201, receivables.create_opening_balance(request.user, payload.model_dump()))


@router.put(
    "/billing/receivables/{receivable_id}/due-date",
    response={200: ReceivableOut, **ERRORS},
    operation_id="setDueDate",
)
def set_due_date(request: HttpRequest, receivable_id: UUID, payload: DueDateIn):
    return receivables.set_due_date(request.user, receivable_id, payload.due_date)


add_list_routes(
    router,
    "/billing/payments",
    "payments",
    PaymentOut,
    filters.PaymentFilter,
    payments.visible_payments,
    "Newest first. Filters: customer, method, dateFrom, dateTo.",
    prefetch=("proofs",),
)


@router.post(
    "/billing/payments",
    response={201: PaymentOut, **ERRORS},
    operation_id="recordPayment",
)
def record_payment(
    request: HttpRequest, payload: Form[str], proofs: File[list[UploadedFile]] = None
):
    """multipart: `payload` = the JSON of PaymentIn (customerId, paidOn, amount, method,
    bankReference, note, allocations: null = oldest due first), `proofs` = image/PDF files.
    A `payload` that is not JSON or not a valid payment answers 422 `VALIDATION_ERROR`, each
    detail located at `["form", "payload", field…]`; nothing is recorded."""
    data = form_json(PaymentIn, payload, "payload")
    content.check_request_size(request.META.get("CONTENT_LENGTH"))
    body = data.model_dump()
    if data.allocations is not None:
        body["allocations"] = [a.model_dump() for a in data.allocations]
    return Status(201, payments.record_payment(request.user, body, proofs or []))


@router.post(
    "/billing/payments/{payment_id}/allocate",
    response={200: PaymentOut, **ERRORS},
    operation_id="allocatePayment",
)
def allocate_payment(request: HttpRequest, payment_id: UUID, payload: AllocateIn):
    rows = None if payload.allocations is None else [a.model_dump() for a in payload.allocations]
    return payments.allocate(request.user, payment_id, rows)


@router.post(
    "/billing/payments/{payment_id}/reverse",
    response={200: PaymentOut, **ERRORS},
    operation_id="reversePayment",
)
def reverse_payment(request: HttpRequest, payment_id: UUID, payload: ReasonIn):
    return payments.reverse_payment(request.user, payment_id, payload.reason)


@router.get(
    "/billing/payments/{payment_id}/proofs/{proof_id}",
    response={200: None, **ERRORS},
    operation_id="downloadPaymentProof",
)
def payment_proof(request: HttpRequest, payment_id: UUID, proof_id: int):
    data, kind, name = payments.proof_file(request.user, payment_id, proof_id)
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@router.get(
    "/billing/aging",
    response={200: AgingOut, **ERRORS},
    operation_id="agingReport",
)
def aging_report(request: HttpRequest, query: Query[AgingQuery]):
    """Outstanding by customer and days past due on `asOf` (default today): buckets current,
    d1_30, d31_60, d61_90, d90_plus; `customer` narrows to one."""
    as_of = query.as_of or timezone.localdate()
    rows, total = reports.aging(request.user, as_of, query.customer)
    return {"as_of": as_of, "rows": [r.as_dict() for r in rows], "total": total.as_dict()}


@router.get(
    "/billing/customers/{customer_id}/account",
    response={200: StatementOfAccountOut, **ERRORS},
    operation_id="statementOfAccount",
)
def statement_of_account(
    request: HttpRequest, customer_id: UUID, start: Day | None = None, end: Day | None = None
):
    """Opening balance, receivables, payments, reversals and closing balance of start..end
    (default: this month); accounting, or the customer's owner for its own company."""
    customer = reports.account_customer(request.user, customer_id)
    default_start, default_end = reports.default_period()
    start, end = start or default_start, end or default_end
    dates.check_order(start, end, "end")
    return reports.statement_of_account(customer, start, end)


@router.get(
    "/billing/customers/{customer_id}/reminders",
    response={200: ReminderSettingsOut, **ERRORS},
    operation_id="getReminderSettings",
)
def get_reminder_settings(request: HttpRequest, customer_id: UUID):
    """Payment reminders of a customer: on/off, days before due, contacts (ACCOUNTING)."""
    customer = reports.account_customer(request.user, customer_id)
    return reminders.settings_of(request.user, customer)


@router.put(
    "/billing/customers/{customer_id}/reminders",
    response={200: ReminderSettingsOut, **ERRORS},
    operation_id="saveReminderSettings",
)
def save_reminder_settings(request: HttpRequest, customer_id: UUID, payload: ReminderSettingsIn):
    """daysBefore 0–60 (0 = no early reminder); emails one per line (empty → the customer's
    e-mail); enabled false switches every reminder off."""
    customer = reports.account_customer(request.user, customer_id)
    return reminders.save_settings(request.user, customer, payload.model_dump())
