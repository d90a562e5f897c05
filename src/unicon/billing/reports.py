"""Aging of receivables and the statement of account (sổ đối chiếu công nợ) of a customer.

Both are "as of" reports: an allocation counts from its `effective_on` date (the payment's
date; a reversal's own date), a receivable from the day it was recognised; cancelled ones never
count. Days are calendar days in Asia/Ho_Chi_Minh.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unicon.billing import policies
from unicon.billing.models import (
    Allocation,
    Charge,
    ChargeKind,
    Payment,
    Receivable,
    ReceivableStatus,
)
from unicon.core import display
from unicon.core.errors import NotFound
from unicon.customers.models import Customer
from unicon.dispatch.models import DriverTask, TaskStatus

R = ReceivableStatus

#: Aging buckets: (key, label, lowest days past due, highest or None).
BUCKETS = [
    ("current", gettext_lazy("not yet due"), None, 0),
    ("d1_30", "1-30", 1, 30),
    ("d31_60", "31-60", 31, 60),
    ("d61_90", "61-90", 61, 90),
    ("d90_plus", "> 90", 91, None),
]


@dataclass
class AgingRow:
    customer_id: str
    customer_name: str
    buckets: dict = field(default_factory=lambda: {key: 0 for key, *_ in BUCKETS})

    @property
    def total(self) -> int:
        return sum(self.buckets.values())

    def as_dict(self) -> dict:
        return {**self.__dict__, "total": self.total}


def bucket_of(days_past_due: int) -> str:
    for key, _label, low, high in BUCKETS:
        if (low is None or days_past_due >= low) and (high is None or days_past_due <= high):
            return key
    raise ValueError(days_past_due)


def aging(user, as_of: date | None = None, customer_id=None) -> tuple[list[AgingRow], AgingRow]:
    """Per customer (largest total first) and overall: what is outstanding on `as_of` by days
    past due — current (not yet due), 1–30, 31–60, 61–90, > 90.

    Only receivables that can be outstanding are read: the unpaid ones (status index) and
    those with money allocated after `as_of` (index on the allocation date); their outstanding
    amount on `as_of` is amount − paid + what was allocated after `as_of`."""
    policies.ensure_manager(user)
    as_of = as_of or timezone.localdate()
    later = Allocation.objects.filter(effective_on__gt=as_of)
    later_sum = (
        later.filter(receivable=OuterRef("pk"))
        .values("receivable")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    rows = (
        Receivable.objects.filter(
            Q(status__in=[R.OPEN, R.PARTIALLY_PAID, R.OVERDUE])
            | Q(pk__in=later.values("receivable_id"))
        )
        .exclude(status=R.CANCELLED)
        .filter(issued_on__lte=as_of)
    )
    if customer_id:
        rows = rows.filter(customer__public_id=customer_id)
    values = rows.annotate(later=Coalesce(Subquery(later_sum), Value(0))).values_list(
        "customer__public_id", "customer__name", "amount", "paid_amount", "later", "due_date"
    )
    result: dict[str, AgingRow] = {}
    total = AgingRow("", "")
    for public_id, name, amount, paid, paid_later, due in values:
        left = amount - paid + paid_later
        if left <= 0:
            continue
        key = bucket_of((as_of - due).days)
        row = result.setdefault(str(public_id), AgingRow(str(public_id), name))
        row.buckets[key] += left
        total.buckets[key] += left
    return sorted(result.values(), key=lambda r: (-r.total, r.customer_name)), total


@dataclass
class AccountLine:
    day: date
    kind: str  # RECEIVABLE | PAYMENT | REVERSAL
    reference: str
    debit: int
    credit: int


@dataclass
class StatementOfAccount:
    start: date
    end: date
    opening: int
    lines: list[AccountLine]
    closing: int


def _local(moment) -> date:
    return display.local_day(moment)


def statement_of_account(customer, start: date, end: date) -> StatementOfAccount:
    """Opening balance on `start`, the receivables (debit), payments (credit) and reversals
    (debit) of start..end, closing balance; a negative balance is the customer's credit.
    `customer` must already be visible to `user` (see `account_customer`)."""
    receivables = Receivable.objects.filter(customer=customer).exclude(
        status=ReceivableStatus.CANCELLED
    )
    payments = Payment.objects.filter(customer=customer)
    tz_start = timezone.make_aware(timezone.datetime.combine(start, timezone.datetime.min.time()))
    opening = (
        (receivables.filter(issued_on__lt=start).aggregate(s=Sum("amount"))["s"] or 0)
        - (payments.filter(paid_on__lt=start).aggregate(s=Sum("amount"))["s"] or 0)
        + (payments.filter(reversed_at__lt=tz_start).aggregate(s=Sum("amount"))["s"] or 0)
    )
    lines = [
        AccountLine(r.issued_on, "RECEIVABLE", r.reference, r.amount, 0)
        for r in receivables.filter(issued_on__range=(start, end))
    ]
    for p in payments.filter(Q(paid_on__range=(start, end)) | Q(reversed_at__gte=tz_start)):
        if start <= p.paid_on <= end:
            lines.append(AccountLine(p.paid_on, "PAYMENT", p.bank_reference, 0, p.amount))
        if p.reversed_at and start <= _local(p.reversed_at) <= end:
            lines.append(
                AccountLine(_local(p.reversed_at), "REVERSAL", p.reversal_reason, p.amount, 0)
            )
    lines.sort(key=lambda line: (line.day, line.kind != "RECEIVABLE"))
    closing = opening + sum(line.debit - line.credit for line in lines)
    return StatementOfAccount(start, end, opening, lines, closing)


def default_period(today: date | None = None) -> tuple[date, date]:
    """The current calendar month up to today."""
    today = today or timezone.localdate()
    return today.replace(day=1), today


def account_customer(user, customer_id) -> Customer:
    """The customer whose account `user` may read: any for accounting, its own company for a
    customer owner; anything else is 404."""
    policies.ensure_reader(user)
    rows = Customer.objects.filter(policies.company_rule(user, "id"))
    found = rows.filter(public_id=customer_id).first() if customer_id else None
    if found is None:
        raise NotFound(_("No such customer."))
    return found


@dataclass
class Dashboard:
    as_of: date
    outstanding: int
    overdue: int
    collected_this_month: int
    credit: int
    aging_total: AgingRow
    top_debtors: list[AgingRow]


def dashboard(user, as_of: date | None = None) -> Dashboard:
    """The receivables dashboard of ACCOUNTING/ADMIN: total outstanding and overdue (past due on
    `as_of`), collected since the 1st of the month (payments not reversed), unallocated customer
    credit, aging totals and the five largest debtors."""
    as_of = as_of or timezone.localdate()
    rows, total = aging(user, as_of)
    posted = Payment.objects.filter(reversed_at__isnull=True)
    collected = posted.filter(paid_on__gte=as_of.replace(day=1), paid_on__lte=as_of)
    credit = posted.aggregate(s=Sum("amount") - Sum("allocated"))["s"] or 0
    return Dashboard(
        as_of=as_of,
        outstanding=total.total,
        overdue=total.total - total.buckets["current"],
        collected_this_month=collected.aggregate(s=Sum("amount"))["s"] or 0,
        credit=credit,
        aging_total=total,
        top_debtors=rows[:5],
    )


def bucket_bars(row: AgingRow, width: int = 400) -> list[dict]:
    """Bars of a server-rendered SVG chart: label, amount, bar width in px (largest = width)."""
    largest = max(row.buckets.values()) or 1
    return [
        {"label": label, "amount": row.buckets[key], "width": row.buckets[key] * width // largest}
        for key, label, *_ in BUCKETS
    ]


def balance(customer) -> dict[str, int]:
    """What a customer owes now: {"outstanding", "overdue", "credit", "balance"} (balance =
    outstanding − unallocated credit; negative = the customer is in credit)."""
    live = Receivable.objects.filter(
        customer=customer, status__in=[R.OPEN, R.PARTIALLY_PAID, R.OVERDUE]
    )
    sums = live.aggregate(
        outstanding=Sum(F("amount") - F("paid_amount")),
        overdue=Sum(F("amount") - F("paid_amount"), filter=Q(status=R.OVERDUE)),
    )
    posted = Payment.objects.filter(customer=customer, reversed_at__isnull=True)
    credit = posted.aggregate(s=Sum(F("amount") - F("allocated")))["s"] or 0
    outstanding = sums["outstanding"] or 0
    return {
        "outstanding": outstanding,
        "overdue": sums["overdue"] or 0,
        "credit": credit,
        "balance": outstanding - credit,
    }


def revenue_by_vehicle(start: date, end: date) -> dict[int, int]:
    """Revenue per tractor for the fleet-costs margin page (`COSTS_REVENUE_SOURCE =
    "unicon.billing.reports.revenue_by_vehicle"`): {vehicle pk: integer VND}, the charges
    before VAT — disbursements excluded, they are passed on at cost — of the shipments
    delivered from `start` to `end` (local dates), each credited to the tractor of the
    shipment's completed driver task."""
    tz = timezone.get_default_timezone()
    low = timezone.make_aware(timezone.datetime.combine(start, timezone.datetime.min.time()), tz)
    high = timezone.make_aware(timezone.datetime.combine(end, timezone.datetime.max.time()), tz)
    tractor = DriverTask.objects.filter(
        shipment=OuterRef("shipment_id"), status=TaskStatus.COMPLETED
    ).order_by("-completed_at", "-id")
    rows = (
        Charge.objects.filter(shipment__actual_end__range=(low, high))
        .exclude(kind=ChargeKind.DISBURSEMENT)
        .annotate(vehicle=Subquery(tractor.values("tractor_id")[:1]))
        .filter(vehicle__isnull=False)
        .values("vehicle")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {row["vehicle"]: row["total"] for row in rows}
