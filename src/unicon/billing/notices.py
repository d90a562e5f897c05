"""The `notify` calls of billing (its event types are rows of `notifications.catalogue`).

- invoice.issued (`invoices.issue_invoice`) → the customer's owners;
- invoice.due_reminder (reminders: N days before and on the due date) → the customer's owners;
- invoice.overdue_reminder (reminders: every 7th day past due) → the customer's owners;
- payment.received (`payments.record_payment`, `allocate`) → the customer's owners and
  ACCOUNTING (not the accountant who recorded it);
- receivables.overdue_digest (reminders job, daily when something is overdue) → ACCOUNTING.

Customer users hear only their own company's events (the catalogue's one recipient rule);
the first four may go to the customer's own webhooks (the digest only to ADMIN's). Amounts
are integer VND written the Vietnamese way ("1.234.567"), dates dd/mm/yyyy, so a title reads
the same in both languages apart from its words. Every call happens inside the business
transaction (no commit → no message).
"""

from datetime import date

from unicon.core.display import grouped
from unicon.notifications.catalogue import (
    DUE_REMINDER,
    INVOICE_ISSUED,
    OVERDUE_DIGEST,
    OVERDUE_REMINDER,
    PAYMENT_RECEIVED,
)
from unicon.notifications.services import notify


def vnd(amount: int) -> str:
    """1234567 → "1.234.567" (whole đồng, Vietnamese grouping)."""
    return grouped(amount)


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def invoice_issued(invoice, receivable, actor) -> None:
    """Tell the customer's owners that `invoice` was issued (call in the issuing transaction)."""
    notify(
        INVOICE_ISSUED,
        invoice,
        customer=invoice.customer,
        actor=actor,
        params={
            "number": invoice.number,
            "total": vnd(invoice.total),
            "due": _day(receivable.due_date),
            "customer": invoice.customer.name,
        },
        payload={
            "id": str(invoice.public_id),
            "number": invoice.number,
            "customerId": str(invoice.customer.public_id),
            "issueDate": invoice.issue_date.isoformat(),
            "dueDate": receivable.due_date.isoformat(),
            "total": invoice.total,
            "currency": "VND",
        },
        dedupe_key=f"{INVOICE_ISSUED}:{invoice.pk}",
    )


def payment_received(payment, applied: int, actor) -> None:
    """Tell the customer's owners and ACCOUNTING (not the accountant who recorded it) that
    `applied` đ of `payment` went to receivables and what is left as credit."""
    notify(
        PAYMENT_RECEIVED,
        payment,
        customer=payment.customer,
        actor=actor,
        params={
            "amount": vnd(payment.amount),
            "customer": payment.customer.name,
            "paid_on": _day(payment.paid_on),
            "applied": vnd(applied),
            "credit": vnd(payment.credit),
        },
        payload={
            "id": str(payment.public_id),
            "customerId": str(payment.customer.public_id),
            "paidOn": payment.paid_on.isoformat(),
            "amount": payment.amount,
            "applied": applied,
            "credit": payment.credit,
            "currency": "VND",
        },
    )


def reminder(receivable, kind: str, today: date) -> bool:
    """Remind the customer's owners of `receivable` (`kind`: BEFORE_DUE | DUE_TODAY | OVERDUE).

    Once per receivable, due date and step: the dedupe key holds the days past due, so a
    second run of the same day (or a second scheduler) sends nothing. Returns whether it was
    recorded now."""
    late = (today - receivable.due_date).days
    code = OVERDUE_REMINDER if kind == "OVERDUE" else DUE_REMINDER
    invoice = receivable.invoice
    event = notify(
        code,
        invoice or receivable,
        customer=receivable.customer,
        params={
            "reference": receivable.reference,
            "outstanding": vnd(receivable.outstanding),
            "due": _day(receivable.due_date),
            "days": late,
            "customer": receivable.customer.name,
        },
        payload={
            "receivableId": str(receivable.public_id),
            "invoiceId": str(invoice.public_id) if invoice else None,
            "reference": receivable.reference,
            "customerId": str(receivable.customer.public_id),
            "dueDate": receivable.due_date.isoformat(),
            "outstanding": receivable.outstanding,
            "daysPastDue": max(late, 0),
            "currency": "VND",
        },
        dedupe_key=f"{code}:{receivable.pk}:{receivable.due_date}:{late}",
    )
    return event is not None


def overdue_digest(figures: dict[str, int], today: date) -> bool:
    """ACCOUNTING's daily digest ({"overdue": n, "overdueAmount": đ}), once per day and only
    when something is overdue. Returns whether it was recorded now."""
    if not figures["overdue"]:
        return False
    event = notify(
        OVERDUE_DIGEST,
        None,
        params={"count": figures["overdue"], "amount": vnd(figures["overdueAmount"])},
        payload={**figures, "date": today.isoformat(), "currency": "VND"},
        dedupe_key=f"{OVERDUE_DIGEST}:{today}",
    )
    return event is not None
