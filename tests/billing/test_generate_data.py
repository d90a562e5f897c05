"""`unicon generate-data` bills the generated history: one invoice per customer and month
with lines that add up, receivables and payments that conserve money, the current month left
unbilled, and generated accounting data readable through the API."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum
from django.utils import timezone

from unicon.billing import money
from unicon.billing.models import Allocation, Charge, Invoice, InvoiceLine, Payment, Receivable
from unicon.runbook import datagen
from unicon.shipments.models import OperationStatus, Shipment


@pytest.fixture(autouse=True)
def small_cast(monkeypatch):
    monkeypatch.setattr(
        datagen, "DEFAULT_SIZES", {"customers": 4, "tractors": 8, "trailers": 8, "drivers": 8}
    )


def test_generated_billing_history_is_consistent(accounting):
    out = io.StringIO()
    call_command(
        "generate_data",
        "--shipments",
        "600",
        "--years",
        "1",
        "--no-progress",
        "--workers",
        "1",
        stdout=out,
    )
    assert "invoices" in out.getvalue()
    delivered = Shipment.objects.filter(operation_status=OperationStatus.DELIVERED)
    assert Charge.objects.count() == delivered.count()
    invoices = Invoice.objects.annotate(n=Count("lines"), lines_total=Sum("lines__amount"))
    assert invoices.count() > 4
    for invoice in invoices:
        assert invoice.lines_total == invoice.subtotal
        assert invoice.vat_total == money.vat_of(invoice.subtotal, "8")
    per_month = Invoice.objects.values("customer", "issue_date").annotate(n=Count("id"))
    assert {row["n"] for row in per_month} == {1}
    month_start = timezone.localdate().replace(day=1)
    unbilled = delivered.filter(planned_start__date__gte=month_start)
    assert not InvoiceLine.objects.filter(charge__shipment__in=unbilled).exists()
    received = Payment.objects.aggregate(s=Sum("amount"))["s"] or 0
    assert received == Allocation.objects.aggregate(s=Sum("amount"))["s"]
    for receivable in Receivable.objects.select_related("invoice"):
        paid = receivable.allocations.aggregate(s=Sum("amount"))["s"] or 0
        assert receivable.paid_amount == paid
        assert receivable.invoice.status in {"ISSUED", "PAID", "PARTIALLY_PAID", "OVERDUE"}
    report = accounting.get("/api/billing/aging").json()
    outstanding = sum(r.outstanding for r in Receivable.objects.all())
    assert report["total"]["total"] == outstanding
