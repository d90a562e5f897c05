"""Receivables and payments through the HTTP API: due dates, allocation, credit, reversal,
overdue job, aging buckets, statement of account, isolation, and money conservation."""

import io
import itertools
import json
from datetime import date, timedelta

import time_machine
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.billing.conftest import PNG, opening_balance, pay
from unicon.billing.models import Allocation, Payment, Receivable
from unicon.shipments.models import EventKind, ShipmentEvent


def receivables_of(client, **params):
    return client.get("/api/billing/receivables", params).json()["items"]


def test_days_and_months_terms(accounting, company, issued):
    today = timezone.localdate()
    company.payment_term, company.payment_term_unit = 30, "DAYS"
    company.save()
    issued(1_000)
    company.payment_term, company.payment_term_unit = 1, "MONTHS"
    company.save()
    issued(2_000)
    due = [r["dueDate"] for r in receivables_of(accounting)]
    next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    end_of_next = (next_month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    assert sorted(due) == sorted([str(today + timedelta(days=30)), str(end_of_next)])


def test_payment_oldest_first_partial_then_credit(accounting, company, issued):
    first_shipment, first = issued(1_000_000)
    second_shipment, second = issued(500_000)
    response = pay(accounting, company, 1_200_000, proofs=[("unc.png", PNG)])
    assert response.status_code == 201, response.content
    payment = response.json()
    assert (payment["allocated"], payment["credit"], payment["proofCount"]) == (1_200_000, 0, 1)
    states = {r["reference"]: (r["status"], r["paidAmount"]) for r in receivables_of(accounting)}
    assert states[first["number"]] == ("PAID", 1_000_000)
    assert states[second["number"]] == ("PARTIALLY_PAID", 200_000)
    first_shipment.refresh_from_db()
    second_shipment.refresh_from_db()
    assert (first_shipment.financial_status, second_shipment.financial_status) == (
        "PAID",
        "PARTIAL_PAID",
    )
    invoice = accounting.get(f"/api/billing/invoices/{first['id']}").json()
    assert invoice["status"] == "PAID"
    over = pay(accounting, company, 400_000).json()
    assert (over["allocated"], over["credit"]) == (300_000, 100_000)
    _, third = issued(50_000)
    used = accounting.post(f"/api/billing/payments/{over['id']}/allocate", {}).json()
    assert used["credit"] == 50_000
    assert receivables_of(accounting, status="PAID")[-1]["reference"] == third["number"]


def test_allocation_by_hand_and_refusals(accounting, company, issued):
    _, first = issued(1_000_000)
    _, second = issued(500_000)
    rid = {r["reference"]: r["id"] for r in receivables_of(accounting)}
    by_hand = [{"receivableId": rid[second["number"]], "amount": 500_000}]
    payment = pay(accounting, company, 600_000, allocations=by_hand).json()
    assert payment["credit"] == 100_000
    too_much = [{"receivableId": rid[first["number"]], "amount": 200_000}]
    response = accounting.post(
        f"/api/billing/payments/{payment['id']}/allocate", {"allocations": too_much}
    )
    assert response.status_code == 409
    paid_one = [{"receivableId": rid[second["number"]], "amount": 1}]
    response = accounting.post(
        f"/api/billing/payments/{payment['id']}/allocate", {"allocations": paid_one}
    )
    assert response.status_code == 400
    assert pay(accounting, company, 0).status_code == 400
    bad_proof = pay(accounting, company, 5, proofs=[("x.txt", b"hello")])
    assert bad_proof.status_code == 400
    assert Payment.objects.count() == 1


def test_reversal_restores_the_previous_state_exactly(accounting, company, issued):
    shipment, _ = issued(700_000)
    before = receivables_of(accounting)
    payment = pay(accounting, company, 700_000).json()
    assert receivables_of(accounting)[0]["status"] == "PAID"
    assert accounting.post(f"/api/billing/payments/{payment['id']}/reverse", {}).status_code == 400
    reversed_ = accounting.post(
        f"/api/billing/payments/{payment['id']}/reverse", {"reason": "Nhầm khách hàng"}
    ).json()
    assert reversed_["reversalReason"] == "Nhầm khách hàng"
    assert reversed_["credit"] == 0
    after = receivables_of(accounting)
    assert [(r["status"], r["paidAmount"]) for r in after] == [
        (r["status"], r["paidAmount"]) for r in before
    ]
    shipment.refresh_from_db()
    assert shipment.financial_status == "INVOICED"
    kinds = [
        e.to_status
        for e in ShipmentEvent.objects.filter(shipment=shipment, kind=EventKind.FINANCIAL_STATUS)
    ]
    assert kinds == ["INVOICED", "PAID", "INVOICED"]
    assert Allocation.objects.count() == 2  # the original and its negative twin
    again = accounting.post(f"/api/billing/payments/{payment['id']}/reverse", {"reason": "x"})
    assert again.status_code == 409


def test_invoice_with_payments_cannot_be_cancelled(accounting, company, issued):
    _, invoice = issued(100_000)
    pay(accounting, company, 10_000)
    response = accounting.post(f"/api/billing/invoices/{invoice['id']}/cancel", {"reason": "x"})
    assert response.status_code == 409


def test_overdue_job_is_idempotent_and_a_payment_clears_it(accounting, company, issued):
    shipment, invoice = issued(300_000)
    receivable = receivables_of(accounting)[0]
    yesterday = timezone.localdate() - timedelta(days=1)
    accounting.put(
        f"/api/billing/receivables/{receivable['id']}/due-date", {"dueDate": str(yesterday)}
    )
    assert receivables_of(accounting)[0]["status"] == "OVERDUE"
    Receivable.objects.update(status="OPEN")  # as if the due date had just passed
    call_command("mark_overdue")
    assert receivables_of(accounting)[0]["status"] == "OVERDUE"
    shipment.refresh_from_db()
    assert shipment.financial_status == "OVERDUE"
    events = ShipmentEvent.objects.filter(shipment=shipment).count()
    call_command("mark_overdue")
    assert ShipmentEvent.objects.filter(shipment=shipment).count() == events
    pay(accounting, company, 300_000)
    assert receivables_of(accounting)[0]["status"] == "PAID"
    assert accounting.get(f"/api/billing/invoices/{invoice['id']}").json()["status"] == "PAID"


def test_aging_buckets_on_day_boundaries(accounting, company):
    today = date(2026, 6, 30)
    for days_past, amount in [(0, 1), (1, 10), (30, 100), (31, 1_000), (90, 10_000), (91, 100_000)]:
        body = {
            "customerId": str(company.public_id),
            "month": "2026-01",
            "amount": amount,
            "reference": f"OB-{days_past}",
            "dueDate": str(today - timedelta(days=days_past)),
        }
        assert accounting.post("/api/billing/receivables", body).status_code == 201
    report = accounting.get("/api/billing/aging", {"asOf": str(today)}).json()
    assert report["total"]["buckets"] == {
        "current": 1,
        "d1_30": 110,
        "d31_60": 1_000,
        "d61_90": 10_000,
        "d90_plus": 100_000,
    }
    assert report["rows"][0]["customerName"] == company.name


def test_aging_counts_days_in_ho_chi_minh_time(accounting, company):
    body = {
        "customerId": str(company.public_id),
        "month": "2026-01",
        "amount": 5,
        "reference": "OB",
        "dueDate": "2026-06-30",
    }
    accounting.post("/api/billing/receivables", body)
    # 2026-06-30 17:30 UTC is already 1 July 00:30 in Asia/Ho_Chi_Minh: one day past due
    with time_machine.travel("2026-06-30T17:30:00Z", tick=False):
        report = accounting.get("/api/billing/aging").json()
    assert report["asOf"] == "2026-07-01"
    assert report["total"]["buckets"]["d1_30"] == 5


def test_statement_of_account(accounting, owner, other_owner, company, issued):
    issued(1_000_000)
    pay(accounting, company, 400_000)
    start, end = timezone.localdate().replace(day=1), timezone.localdate()
    path = f"/api/billing/customers/{company.public_id}/account"
    account = accounting.get(path, {"start": str(start), "end": str(end)}).json()
    assert account["opening"] == 0
    assert [(line["kind"], line["debit"], line["credit"]) for line in account["lines"]] == [
        ("RECEIVABLE", 1_000_000, 0),
        ("PAYMENT", 0, 400_000),
    ]
    assert account["closing"] == 600_000
    assert owner.get(path).status_code == 200
    assert other_owner.get(path).status_code == 404


def test_customers_see_only_their_own_receivables_and_payments(
    accounting, owner, other_owner, company, issued
):
    issued(100_000)
    payment = pay(accounting, company, 100_000).json()
    assert len(receivables_of(owner)) == 1
    assert receivables_of(other_owner) == []
    assert other_owner.get("/api/billing/payments").json()["items"] == []
    assert owner.get("/api/billing/payments").json()["items"][0]["id"] == payment["id"]
    assert (
        owner.post(
            "/api/billing/payments/" + payment["id"] + "/reverse", {"reason": "x"}
        ).status_code
        == 403
    )
    assert owner.get("/api/billing/aging").status_code == 403


_codes = itertools.count()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    invoices=st.lists(st.integers(1, 5_000_000), min_size=1, max_size=4),
    payments=st.lists(st.integers(1, 6_000_000), min_size=1, max_size=4),
)
def test_allocations_conserve_money(accounting, make_customer, issued, invoices, payments):
    customer = make_customer(code=f"P{next(_codes):05d}")
    for amount in invoices:
        issued(amount, customer=customer)
    for amount in payments:
        assert pay(accounting, customer, amount).status_code == 201
    rows = accounting.get(
        "/api/billing/payments", {"customer": str(customer.public_id), "limit": 200}
    ).json()["items"]
    allocated = Allocation.objects.filter(payment__customer=customer)
    credit = sum(p["credit"] for p in rows)
    assert sum(p["amount"] for p in rows) == sum(a.amount for a in allocated) + credit
    outstanding = sum(r.outstanding for r in Receivable.objects.filter(customer=customer))
    assert outstanding == max(0, sum(invoices) - sum(payments))
    assert credit == max(0, sum(payments) - sum(invoices))


def test_archive_keeps_shipments_with_billing_rows(accounting, company, issued, delivered):
    """`archive-old-data` never splits a shipment from its charges, invoice or payments."""
    import io as _io

    from unicon.shipments.models import Shipment

    issued(100_000)
    pay(accounting, company, 100_000)
    unbilled = delivered()  # priced: a freight charge waits for its invoice
    accounting.post(
        "/api/billing/charges",
        {"shipmentId": str(unbilled.public_id), "description": "x", "unitPrice": 1},
    )
    Shipment.objects.update(
        document_status="DOC_RETURNED", updated_at=timezone.now() - timedelta(days=400)
    )
    out = _io.StringIO()
    call_command("archive_old_data", "--days", "90", stdout=out)
    assert "0 shipments would be archived" in out.getvalue() or "Nothing" in out.getvalue()


def test_aging_as_of_an_earlier_day_counts_later_payments_as_outstanding(accounting, company):
    today = timezone.localdate()
    body = {
        "customerId": str(company.public_id),
        "month": "2026-01",
        "amount": 900_000,
        "reference": "OB-JAN",
        "dueDate": str(today - timedelta(days=45)),
    }
    assert accounting.post("/api/billing/receivables", body).status_code == 201
    pay(accounting, company, 900_000, paid_on=today)
    yesterday = accounting.get("/api/billing/aging", {"asOf": str(today - timedelta(days=1))})
    assert yesterday.json()["total"]["buckets"]["d31_60"] == 900_000
    assert accounting.get("/api/billing/aging", {"asOf": str(today)}).json()["total"]["total"] == 0


def test_list_exports_follow_the_filters_and_the_company(
    accounting, owner, other_owner, company, issued
):
    from openpyxl import load_workbook

    issued(100_000)
    pay(accounting, company, 40_000)

    def sheet(client, path, **params):
        response = client.get(path, params)
        assert response.status_code == 200, response.content
        return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))

    rows = sheet(accounting, "/api/billing/receivables/export.xlsx")
    assert rows[0][0] == "Chứng từ" and rows[1][5:8] == (100_000, 40_000, 60_000)
    assert len(sheet(accounting, "/api/billing/receivables/export.xlsx", status="PAID")) == 1
    assert sheet(owner, "/api/billing/payments/export.xlsx")[1][4] == 40_000
    assert len(sheet(other_owner, "/api/billing/payments/export.xlsx")) == 1
    assert len(sheet(accounting, "/api/billing/charges/export.xlsx")) == 2
    response = accounting.get("/api/billing/statements/export.xlsx", {"status": "NOPE"})
    assert response.status_code == 400


def test_reminders_before_on_and_weekly_after_the_due_date(accounting, owner, company):
    for days, reference in [(-3, "SOON"), (0, "TODAY"), (7, "WEEK"), (8, "NOT"), (-2, "NOT2")]:
        opening_balance(accounting, company, reference, days, 1_000)

    def listed(**options):
        out = io.StringIO()
        call_command("billing_reminders", "--dry-run", stdout=out, **options)
        return out.getvalue()

    text = listed()
    lines = [line.split("\t") for line in text.splitlines() if "\t" in line]
    assert sorted((kind, ref) for kind, _c, ref, *_ in lines) == [
        ("BEFORE_DUE", "SOON"),
        ("DUE_TODAY", "TODAY"),
        ("OVERDUE", "WEEK"),
    ]
    path = f"/api/billing/customers/{company.public_id}/reminders"
    bad = accounting.put(path, {"daysBefore": 2, "emails": "ketoan@apt.vn\nnot-an-email"})
    assert bad.status_code == 400
    saved = accounting.put(path, {"daysBefore": 2, "emails": "ketoan@apt.vn, cfo@apt.vn"})
    assert saved.json() == {"enabled": True, "daysBefore": 2, "emails": "ketoan@apt.vn\ncfo@apt.vn"}
    text = listed()
    assert "SOON" not in text and "NOT2" in text and "ketoan@apt.vn, cfo@apt.vn" in text
    accounting.put(path, {"enabled": False})
    assert "\t" not in listed()
    assert owner.put(path, {"enabled": True}).status_code == 403


def test_a_payment_payload_that_is_not_a_payment_is_422_naming_the_field(accounting, company):
    """The multipart `payload` is validated like a JSON body: 422 with located details (no
    Python text), and nothing is recorded."""
    url, auth = "/api/billing/payments", {"Authorization": f"Bearer {accounting.token}"}
    for payload, field in [
        ("{not json", None),
        (json.dumps({"customerId": str(company.public_id), "amount": 1000}), "paidOn"),
        (
            json.dumps(
                {
                    "customerId": str(company.public_id),
                    "paidOn": "2026-11-30",
                    "amount": "nhiều",
                    "method": "BANK_TRANSFER",
                }
            ),
            "amount",
        ),
    ]:
        response = accounting.client.post(url, {"payload": payload}, headers=auth)
        assert response.status_code == 422, response.content
        error = response.json()["error"]
        assert error["code"] == "VALIDATION_ERROR"
        locations = [detail["loc"] for detail in error["details"]]
        assert all(loc[:2] == ["form", "payload"] for loc in locations), locations
        if field:
            assert any(field in loc for loc in locations), locations
        assert "Traceback" not in response.content.decode()
    assert not Payment.objects.exists()
