"""Receivables, payments, allocations, reversals, overdue — every rule of collecting money.

Due dates (README "Receivables"): DAYS terms → invoice date + N days; MONTHS terms → the last
day of the Nth month after the invoice's month (invoice 10/01, 1 month → 28/02 or 29/02);
ACCOUNTING may override the due date of one receivable. Status of a receivable, computed from
its allocations on every change and by the daily overdue job: PAID when fully paid; else
OVERDUE when the due date is before today (Asia/Ho_Chi_Minh); else PARTIALLY_PAID when
something is paid; else OPEN. The invoice and its shipments' financial status follow, with a
FINANCIAL_STATUS event per shipment, in the same transaction.
"""

import calendar
from datetime import date, timedelta

from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from unicon.billing import policies
from unicon.billing.invoicing import set_financial_status
from unicon.billing.lookups import field_error, one
from unicon.billing.models import Invoice, InvoiceStatus, Receivable, ReceivableStatus
from unicon.core import audit, dates, numbers
from unicon.core.errors import Conflict
from unicon.customers.models import Customer, PaymentTermUnit
from unicon.shipments.models import FinancialStatus

R = ReceivableStatus
#: A receivable's status → its invoice's status and its shipments' financial status.
INVOICE_STATUS = {
    R.OPEN: InvoiceStatus.ISSUED,
    R.PARTIALLY_PAID: InvoiceStatus.PARTIALLY_PAID,
    R.PAID: InvoiceStatus.PAID,
    R.OVERDUE: InvoiceStatus.OVERDUE,
}
SHIPMENT_STATUS = {
    R.OPEN: FinancialStatus.INVOICED,
    R.PARTIALLY_PAID: FinancialStatus.PARTIAL_PAID,
    R.PAID: FinancialStatus.PAID,
    R.OVERDUE: FinancialStatus.OVERDUE,
}
LIVE = [R.OPEN, R.PARTIALLY_PAID, R.OVERDUE]


def due_date_for(customer: Customer, issued_on: date) -> date:
    """The due date under the customer's payment terms (see the module docstring)."""
    term = customer.payment_term
    if customer.payment_term_unit == PaymentTermUnit.MONTHS:
        month_index = issued_on.month - 1 + term
        year, month = issued_on.year + month_index // 12, month_index % 12 + 1
        return date(year, month, calendar.monthrange(year, month)[1])
    return issued_on + timedelta(days=term)


def status_for(receivable: Receivable, today: date) -> str:
    if receivable.status == R.CANCELLED:
        return R.CANCELLED
    if receivable.paid_amount >= receivable.amount:
        return R.PAID
    if receivable.due_date < today:
        return R.OVERDUE
    return R.PARTIALLY_PAID if receivable.paid_amount else R.OPEN


def refresh(receivable: Receivable, actor, note: str = "", today: date | None = None) -> None:
    """Recompute paid amount and status of a locked receivable and make its invoice and
    shipments follow (inside the caller's transaction)."""
    receivable.paid_amount = receivable.allocations.aggregate(s=Sum("amount"))["s"] or 0
    status = status_for(receivable, today or timezone.localdate())
    receivable.status = status
    with audit.labelled("receivable.update"):
        receivable.save(update_fields=["paid_amount", "status", "updated_at"])
    invoice = receivable.invoice
    if invoice is None or invoice.status == INVOICE_STATUS[status]:
        return
    invoice.status = INVOICE_STATUS[status]
    with audit.labelled("invoice.status"):
        invoice.save(update_fields=["status", "updated_at"])
    shipments = set(invoice.lines.filter(live=True).values_list("charge__shipment_id", flat=True))
    set_financial_status(shipments, SHIPMENT_STATUS[status], actor, note=note or invoice.number)


# --------------------------------------------------------------------------- receivables


def open_for_invoice(invoice: Invoice, actor) -> Receivable:
    """The receivable of an invoice being issued (called by `invoices.issue_invoice`)."""
    return Receivable.objects.create(
        customer=invoice.customer,
        invoice=invoice,
        reference=invoice.number,
        month=f"{invoice.issue_date:%Y-%m}",
        issued_on=invoice.issue_date,
        due_date=due_date_for(invoice.customer, invoice.issue_date),
        amount=invoice.total,
        created_by=actor if getattr(actor, "pk", None) else None,
    )


def close_for_invoice(invoice: Invoice) -> None:
    """Cancel the receivable of an invoice being cancelled; 409 when money is allocated to it
    (reverse those payments first)."""
    receivable = Receivable.objects.select_for_update().filter(invoice=invoice).first()
    if receivable is None:
        return
    if receivable.allocations.exists():
        raise Conflict(
            _("Payments are allocated to this invoice; reverse them before cancelling."),
            {"status": receivable.status},
        )
    receivable.status = R.CANCELLED
    with audit.labelled("receivable.cancel"):
        receivable.save(update_fields=["status", "updated_at"])


def visible_receivables(user) -> QuerySet[Receivable]:
    policies.ensure_reader(user)
    rows = Receivable.objects.select_related("customer", "invoice")
    return policies.restrict(rows, user)


def get_receivable(user, public_id, *, lock: bool = False) -> Receivable:
    return one(visible_receivables(user), public_id, _("No such receivable."), lock=lock)


def create_opening_balance(user, data: dict) -> Receivable:
    """A receivable from before go-live: {customer_id, month "YYYY-MM", amount (int VND,
    1..`numbers.MAX_MONEY`), reference, due_date?} (due date default: the customer's terms
    from the month's last day)."""
    policies.ensure_manager(user)
    customer = Customer.objects.filter(public_id=data.get("customer_id")).first()
    if customer is None:
        raise field_error("customerId", _("Unknown customer."))
    amount = numbers.check(data.get("amount"), numbers.POSITIVE_MONEY, "amount", _("Amount (VND)"))
    month = str(data.get("month") or "")
    try:
        first = date.fromisoformat(f"{month}-01")
    except ValueError:
        raise field_error("month", _("Give the month as YYYY-MM.")) from None
    dates.check(first, "month", _("Month"))
    reference = str(data.get("reference") or "").strip()
    if not reference:
        raise field_error("reference", _("Required."))
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    with transaction.atomic():
        receivable = Receivable(
            customer=customer,
            reference=reference[:100],
            month=month,
            issued_on=last,
            due_date=data.get("due_date") or due_date_for(customer, last),
            amount=amount,
            created_by=user,
        )
        receivable.status = status_for(receivable, timezone.localdate())
        with audit.labelled("receivable.opening"):
            receivable.save()
    return receivable


def set_due_date(user, public_id, due_date: date) -> Receivable:
    """Override the due date of one receivable (audited); the status follows at once."""
    policies.ensure_manager(user)
    if not isinstance(due_date, date):
        raise field_error("dueDate", _("Give a date."))
    with transaction.atomic():
        receivable = get_receivable(user, public_id, lock=True)
        if receivable.status == R.CANCELLED:
            raise Conflict(_("This receivable is cancelled."), {"status": receivable.status})
        receivable.due_date = due_date
        with audit.labelled("receivable.due_date"):
            receivable.save(update_fields=["due_date", "updated_at"])
        refresh(receivable, user)
    return receivable


def mark_overdue(today: date | None = None) -> int:
    """The daily job: store OVERDUE on unpaid receivables past due (and on their invoices and
    shipments). Returns how many changed; a second run the same day changes nothing."""
    today = today or timezone.localdate()
    changed = 0
    due = Receivable.objects.filter(status__in=[R.OPEN, R.PARTIALLY_PAID], due_date__lt=today)
    for pk in due.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            receivable = Receivable.objects.select_for_update().get(pk=pk)
            if status_for(receivable, today) != receivable.status:
                refresh(receivable, None, note=_("Past due"), today=today)
                changed += 1
    return changed
