"""Payments: record with proof files, allocate (oldest due first, or by hand), keep the rest as
credit, reverse a mistaken payment with a reason. Σ posted payments = Σ allocations + credit.

Concurrency: the payment row and the receivables are locked (`select_for_update`) for the
whole allocation, so of two accountants allocating the same money at once exactly one
succeeds; the other sees the amount already gone and gets 409.
"""

from contextlib import ExitStack
from datetime import date

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from unicon.billing import files, notices, policies
from unicon.billing.lookups import field_error, one
from unicon.billing.models import (
    Allocation,
    Payment,
    PaymentMethod,
    PaymentProof,
    Receivable,
)
from unicon.billing.receivables import LIVE, refresh
from unicon.core import audit, numbers
from unicon.core.errors import Conflict, NotFound
from unicon.customers.models import Customer
from unicon.pods import storage


def visible_payments(user) -> QuerySet[Payment]:
    policies.ensure_reader(user)
    return policies.restrict(Payment.objects.select_related("customer"), user)


def get_payment(user, public_id, *, lock: bool = False) -> Payment:
    return one(visible_payments(user), public_id, _("No such payment."), lock=lock)


def _positive(value, field: str) -> int:
    """An amount of đồng above 0 and at most `numbers.MAX_MONEY`, else 400 on `field`."""
    return numbers.check(value, numbers.POSITIVE_MONEY, field, _("Amount (VND)"))


def record_payment(user, data: dict, proofs=()) -> Payment:
    """{customer_id, paid_on (date), amount (int VND, 1..`numbers.MAX_MONEY`), method,
    bank_reference, note, allocations: None = oldest first | [{receivable_id, amount}]} +
    proof files (image/PDF).
    One transaction; a refused input stores nothing (and no file)."""
    policies.ensure_manager(user)
    customer = Customer.objects.filter(public_id=data.get("customer_id")).first()
    if customer is None:
        raise field_error("customerId", _("Unknown customer."))
    amount = _positive(data.get("amount"), "amount")
    if data.get("method") not in PaymentMethod.values:
        raise field_error("method", _("Unknown value."))
    paid_on = data.get("paid_on")
    if not isinstance(paid_on, date) or paid_on > timezone.localdate():
        raise field_error("paidOn", _("Give a date, not in the future."))
    with ExitStack() as stack, transaction.atomic():
        # each stored file is deleted again if anything below fails
        stored = [stack.enter_context(files.stored(u, "payments")) for u in proofs or ()]
        with audit.labelled("payment.record"):
            payment = Payment.objects.create(
                customer=customer,
                paid_on=paid_on,
                amount=amount,
                method=data["method"],
                bank_reference=str(data.get("bank_reference") or "").strip()[:100],
                note=str(data.get("note") or "").strip()[:500],
                created_by=user,
            )
        for key, found in stored:
            PaymentProof.objects.create(
                payment=payment,
                storage_key=key,
                original_name=found.original_name,
                content_type=found.content_type,
                sha256=found.sha256,
            )
        applied = _allocate(user, payment, data.get("allocations"))
        notices.payment_received(payment, applied, user)
    return payment


def allocate(user, public_id, allocations=None) -> Payment:
    """Apply a payment's credit: None = oldest due first over the customer's unpaid
    receivables, or [{receivable_id, amount}] by hand. 409 when the credit does not cover it
    (e.g. another accountant allocated it meanwhile) or a receivable would be overpaid."""
    policies.ensure_manager(user)
    with transaction.atomic():
        payment = get_payment(user, public_id, lock=True)
        if payment.reversed_at:
            raise Conflict(_("This payment is reversed."), {"payment": ["reversed"]})
        if applied := _allocate(user, payment, allocations):
            notices.payment_received(payment, applied, user)
    return payment


def _allocate(user, payment: Payment, allocations) -> int:
    """Allocate (locked rows) and return how many đ were applied now."""
    open_rows = Receivable.objects.select_for_update().filter(
        customer=payment.customer, status__in=LIVE
    )
    if allocations is None:
        plan, left = [], payment.credit
        for receivable in open_rows.order_by("due_date", "issued_on", "id"):
            if left <= 0:
                break
            part = min(left, receivable.outstanding)
            plan.append((receivable, part))
            left -= part
    else:
        by_id = {str(r.public_id): r for r in open_rows}
        plan = []
        for n, row in enumerate(allocations):
            receivable = by_id.get(str(row.get("receivable_id")))
            if receivable is None:
                raise field_error(f"allocations.{n}.receivableId", _("Not an unpaid receivable."))
            plan.append((receivable, _positive(row.get("amount"), f"allocations.{n}.amount")))
        _check_plan(payment, plan)
    for receivable, part in plan:
        Allocation.objects.create(
            payment=payment,
            receivable=receivable,
            amount=part,
            effective_on=payment.paid_on,
            created_by=user,
        )
        refresh(receivable, user)
    total = sum(part for _r, part in plan)
    if total:
        Payment.objects.filter(pk=payment.pk).update(allocated=F("allocated") + total)
        payment.allocated += total
    return total


def _check_plan(payment: Payment, plan: list) -> None:
    wanted: dict = {}
    for receivable, part in plan:
        wanted[receivable.pk] = wanted.get(receivable.pk, 0) + part
        if wanted[receivable.pk] > receivable.outstanding:
            raise Conflict(
                _("%(ref)s has only %(left)s đ left to pay.")
                % {"ref": receivable.reference, "left": receivable.outstanding},
                {"receivableId": str(receivable.public_id)},
            )
    if sum(wanted.values()) > payment.credit:
        raise Conflict(
            _("The payment has only %(left)s đ left to allocate.") % {"left": payment.credit},
            {"credit": payment.credit},
        )


def reverse_payment(user, public_id, reason: str) -> Payment:
    """Reverse a mistaken payment with a reason: every allocation gets a negative twin (dated
    today), receivables, invoices and shipments go back, the payment stays with its reason."""
    policies.ensure_manager(user)
    reason = (reason or "").strip()
    if not reason:
        raise field_error("reason", _("Give the reason of the reversal."))
    today = timezone.localdate()
    with transaction.atomic():
        payment = get_payment(user, public_id, lock=True)
        if payment.reversed_at:
            raise Conflict(_("This payment is already reversed."), {"payment": ["reversed"]})
        originals = list(payment.allocations.filter(reverses__isnull=True, reversal__isnull=True))
        touched = {}
        for original in originals:
            receivable = Receivable.objects.select_for_update().get(pk=original.receivable_id)
            Allocation.objects.create(
                payment=payment,
                receivable=receivable,
                amount=-original.amount,
                effective_on=today,
                reverses=original,
                created_by=user,
            )
            touched[receivable.pk] = receivable
        for receivable in touched.values():
            refresh(receivable, user, note=reason)
        payment.allocated, payment.reversed_at, payment.reversal_reason = 0, timezone.now(), reason
        with audit.labelled("payment.reverse"):
            payment.save(
                update_fields=["allocated", "reversed_at", "reversal_reason", "updated_at"]
            )
    return payment


def proof_file(user, public_id, proof_id: int) -> tuple[bytes, str, str]:
    """(bytes, content type, name) of a payment's proof file, after the access check."""
    payment = get_payment(user, public_id)
    proof = payment.proofs.filter(pk=proof_id).first()
    if proof is None:
        raise NotFound(_("No such file."))
    return (
        storage.read(storage.primary(), proof.storage_key),
        proof.content_type,
        proof.original_name,
    )
