"""Billing history for `unicon generate-data`: freight charges of the delivered shipments, one
statement and one VAT invoice per customer and planned month (the current month stays unbilled
for the accounting home), their receivables, and payments — most invoices paid, some partly,
some not at all (overdue once past due).

Set-based where the rows are many (one INSERT … SELECT for the charges, one per invoice for its
lines and shipments); the few thousand invoices, receivables and payments are built in Python
with a seeded random generator. Runs inside generate-data's transaction. Financial-status
events are not generated for the history (the statuses are).
"""

import datetime as dt
import random

from django.db import connection
from django.db.models import Case, Count, IntegerField, Sum, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation

from unicon.billing import money, receivables
from unicon.billing.models import (
    Allocation,
    Invoice,
    InvoiceStatus,
    Payment,
    PaymentMethod,
    Receivable,
    Statement,
    StatementStatus,
)
from unicon.fleet.models import LegalEntity
from unicon.shipments.labels import type_choices
from unicon.shipments.models import NumberSequence, OperationStatus, Shipment

#: Freight price (VND, 8 % VAT) of a generated trip by container type; others: 2 000 000.
PRICES = {
    "CONTAINER_20FT": 1_800_000,
    "CONTAINER_40FT": 2_400_000,
    "CONTAINER_40HC": 2_500_000,
    "CONTAINER_45FT": 2_900_000,
}
DEFAULT_PRICE = 2_000_000
PAID_SHARE, PARTIAL_SHARE = 0.85, 0.07  # the rest stays unpaid
R = receivables.R
INVOICE_STATUS, SHIPMENT_STATUS = receivables.INVOICE_STATUS, receivables.SHIPMENT_STATUS


def _price_sql() -> str:
    whens = " ".join(f"WHEN '{k}' THEN {v}" for k, v in PRICES.items())
    return f"CASE s.container_type {whens} ELSE {DEFAULT_PRICE} END"


def _uuid_sql() -> str:
    if connection.vendor == "postgresql":
        return "gen_random_uuid()"
    return "lower(hex(randomblob(16)))"  # Django stores UUIDs as 32 hex characters on SQLite


def _type_sql() -> tuple[str, list[str]]:
    """SQL naming `s.shipment_type` in Vietnamese (as `services.price_shipment` writes it on
    the invoice), and its parameters."""
    with translation.override("vi"):
        names = type_choices()
    if not names:
        return "s.shipment_type", []
    whens = " ".join("WHEN %s THEN %s" for _ in names)
    return f"CASE s.shipment_type {whens} ELSE s.shipment_type END", [v for n in names for v in n]


def _insert_charges(first_id: int) -> int:
    """One FREIGHT charge per generated delivered shipment without one (the SQL is built from
    constants only; values are parameters)."""
    type_sql, type_params = _type_sql()
    sql = f"""
        INSERT INTO billing_charge (public_id, created_at, updated_at, shipment_id, kind,
            description, quantity, unit_price, amount, vat_rate, dispute_comment, receipt_key,
            receipt_name, receipt_type, receipt_sha256)
        SELECT {_uuid_sql()}, s.actual_end, s.actual_end, s.id, 'FREIGHT',
            'Cước vận chuyển ' || {type_sql}, 1, {_price_sql()}, {_price_sql()}, '8',
            '', '', '', '', ''
        FROM shipments_shipment s
        WHERE s.id >= %s AND s.operation_status = %s AND s.actual_end IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM billing_charge c WHERE c.shipment_id = s.id)
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*type_params, first_id, OperationStatus.DELIVERED])
        return cursor.rowcount


def _groups(first_id: int, before: dt.datetime):
    price = Case(
        *[When(container_type=k, then=Value(v)) for k, v in PRICES.items()],
        default=Value(DEFAULT_PRICE),
        output_field=IntegerField(),
    )
    return (
        Shipment.objects.filter(
            id__gte=first_id, operation_status=OperationStatus.DELIVERED, planned_start__lt=before
        )
        .annotate(month=TruncMonth("planned_start", tzinfo=timezone.get_default_timezone()))
        .values("customer_id", "month")
        .annotate(n=Count("id"), subtotal=Sum(price))
        .order_by("month", "customer_id")
    )


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _bounds(month: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.localtime(month)
    end = start.replace(year=_next_month(start.date()).year, month=_next_month(start.date()).month)
    return start, end


def _counter(name: str) -> NumberSequence:
    NumberSequence.objects.get_or_create(name=name)
    return NumberSequence.objects.select_for_update().get(name=name)


def generate(first_id: int, *, seed: int = 1) -> dict[str, int]:
    """Bill the generated shipments with id ≥ `first_id` (see the module docstring); returns
    {"charges", "invoices", "payments"} written."""
    rng = random.Random(seed)  # noqa: S311 - repeatable sample data
    summary = {"charges": _insert_charges(first_id), "invoices": 0, "payments": 0}
    seller = LegalEntity.objects.filter(is_active=True).order_by("id").first()
    if seller is None:
        return summary
    today = timezone.localdate()
    this_month = timezone.make_aware(dt.datetime.combine(today.replace(day=1), dt.time()))
    counters: dict[str, NumberSequence] = {}

    def next_value(name: str) -> int:
        counter = counters.get(name) or counters.setdefault(name, _counter(name))
        counter.last_value += 1
        return counter.last_value

    for group in _groups(first_id, this_month).iterator():
        start, end = _bounds(group["month"])
        year = end.date().year
        numbers = (
            f"BK-{year}-{next_value(f'BK-{year}'):04d}",
            f"INV-{year}-{next_value(f'INV-{seller.pk}-{year}'):04d}",
        )
        summary["invoices"] += 1
        group["first_id"] = first_id
        summary["payments"] += _bill_group(rng, seller, group, (start, end), numbers, today)
    for counter in counters.values():
        counter.save(update_fields=["last_value"])
    return summary


def _insert(model, **fields):
    """One row without the audit trail's signals (generated history, like the shipments)."""
    return model.objects.bulk_create([model(**fields)])[0]


def _bill_group(rng, seller, group, period, numbers, today) -> int:
    """One customer-month: statement, invoice, receivable, maybe a payment (returns 0 or 1)."""
    (start, end), issue_day = period, period[1].date()
    customer_id, subtotal = group["customer_id"], group["subtotal"]
    vat = money.vat_of(subtotal, "8")
    statement = _insert(
        Statement,
        number=numbers[0],
        customer_id=customer_id,
        period_start=start.date(),
        period_end=(end - dt.timedelta(days=1)).date(),
        status=StatementStatus.INVOICED,
        total=subtotal,
        sent_at=end,
        confirmed_at=end,
    )
    invoice = _insert(
        Invoice,
        number=numbers[1],
        legal_entity=seller,
        customer_id=customer_id,
        statement=statement,
        status=InvoiceStatus.ISSUED,
        issue_date=issue_day,
        issued_at=end,
        buyer_name=f"Khách hàng {customer_id}",
        subtotal=subtotal,
        vat_total=vat,
        total=subtotal + vat,
        amount_in_words=money.in_words(subtotal + vat),
    )
    receivable = Receivable(
        customer_id=customer_id,
        invoice=invoice,
        reference=invoice.number,
        month=f"{start:%Y-%m}",
        issued_on=issue_day,
        due_date=issue_day + dt.timedelta(days=30),
        amount=invoice.total,
    )
    draw = rng.random()
    paid_on = issue_day + dt.timedelta(days=rng.randint(5, 40))
    paid = 0
    if paid_on <= today and draw < PAID_SHARE + PARTIAL_SHARE:
        paid = invoice.total if draw < PAID_SHARE else invoice.total // 2
    receivable.paid_amount = paid
    receivable.status = receivables.status_for(receivable, today)
    Receivable.objects.bulk_create([receivable])
    if paid:
        payment = _insert(
            Payment,
            customer_id=customer_id,
            paid_on=paid_on,
            amount=paid,
            allocated=paid,
            method=PaymentMethod.BANK_TRANSFER,
            bank_reference=f"UNC{invoice.pk:08d}",
        )
        _insert(
            Allocation, payment=payment, receivable=receivable, amount=paid, effective_on=paid_on
        )
    if receivable.status != R.OPEN:
        Invoice.objects.filter(pk=invoice.pk).update(status=INVOICE_STATUS[receivable.status])
    _link_rows(invoice, statement, group, start, end, SHIPMENT_STATUS[receivable.status])
    return 1 if paid else 0


def _link_rows(invoice, statement, group, start, end, financial: str) -> None:
    """Lines from the group's charges, the charges on the statement, the shipments' status."""
    customer_id, first_id = group["customer_id"], group["first_id"]
    shipments = (
        "SELECT s.id FROM shipments_shipment s WHERE s.customer_id = %s "
        "AND s.planned_start >= %s AND s.planned_start < %s AND s.operation_status = %s "
        "AND s.id >= %s"
    )
    adapt = connection.ops.adapt_datetimefield_value  # raw SQL: the backend's own encoding
    params = [customer_id, adapt(start), adapt(end), OperationStatus.DELIVERED, first_id]
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO billing_invoiceline (invoice_id, charge_id, live, description, quantity,"  # noqa: S608
            " unit_price, amount, vat_rate) SELECT %s, c.id, %s, c.description, c.quantity,"
            " c.unit_price, c.amount, c.vat_rate FROM billing_charge c WHERE c.shipment_id IN"
            f" ({shipments})",
            [invoice.pk, True, *params],
        )
        cursor.execute(
            f"UPDATE billing_charge SET statement_id = %s WHERE shipment_id IN ({shipments})",  # noqa: S608
            [statement.pk, *params],
        )
        cursor.execute(
            f"UPDATE shipments_shipment SET financial_status = %s WHERE id IN ({shipments})",  # noqa: S608
            [financial, *params],
        )
