"""Billing ↔ notifications and jobs: invoice issued, payment received and payment reminders
reach the right people (in-app + e-mail through a real SMTP server, read back), once; the
PDF is rendered by the queued task; the jobs and the command run it by hand."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.billing.conftest import opening_balance, pay
from unicon.billing.models import Invoice, Receivable
from unicon.core.roles import Role
from unicon.notifications.models import Event, Notification
from unicon.notifications.services import set_language


@pytest.fixture
def people(make_user, company, other_company):
    """Two owners of APT (one reads English), an APT clerk, another company's owner, an
    accountant who does not act, and ADMIN (hears nothing by default)."""
    vi_owner = make_user(Role.CUSTOMER_OWNER, customer=company)
    en_owner = make_user(Role.CUSTOMER_OWNER, customer=company)
    set_language(en_owner, "en")
    return {
        "vi": vi_owner,
        "en": en_owner,
        "clerk": make_user(Role.CUSTOMER_OPS, customer=company),
        "stranger": make_user(Role.CUSTOMER_OWNER, customer=other_company),
        "accountant": make_user(Role.ACCOUNTING),
        "admin": make_user(Role.ADMIN),
    }


BILLING = (
    "invoice.issued",
    "invoice.due_reminder",
    "invoice.overdue_reminder",
    "payment.received",
    "receivables.overdue_digest",
)


def kinds(user) -> list[str]:
    """The billing notifications of `user` (delivered shipments also notify owners)."""
    rows = Notification.objects.filter(user=user, type__in=BILLING)
    return sorted(rows.values_list("type", flat=True))


def mails(inbox, user, marker: str) -> list:
    """Messages to `user` whose subject mentions `marker` (a number, an amount)."""
    return [m for m in inbox.to(user.email) if marker in m["Subject"]]


def test_invoice_issued_reaches_the_owners_with_pdf_rendered(
    people, issued, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _shipment, invoice = issued(1_234_567)
    row = Invoice.objects.get(public_id=invoice["id"])
    assert row.pdf_key, "the queued task rendered and stored the PDF after commit"
    due = row.receivable.due_date.strftime("%d/%m/%Y")
    [vi] = mails(smtp, people["vi"], row.number)
    [en] = mails(smtp, people["en"], row.number)
    assert en["Subject"].strip() == f"Invoice {row.number} issued: 1.234.567 đ, due on {due}"
    assert vi["Subject"].strip() == f"Hóa đơn {row.number} đã phát hành: 1.234.567 đ, hạn {due}"
    assert f"/billing/invoices/{row.public_id}/" in vi.get_body(("plain",)).get_content()
    for message in (vi, en):
        [pdf] = [part for part in message.iter_attachments()]
        assert pdf.get_filename() == f"{row.number}.pdf"
        assert pdf.get_content_type() == "application/pdf"
        assert pdf.get_content().startswith(b"%PDF")
    assert len([m for m in smtp.messages if row.number in m["Subject"]]) == 2
    # not the clerk, the other company, accounting or ADMIN
    for who in ("clerk", "stranger", "accountant", "admin"):
        assert kinds(people[who]) == []


def test_download_renders_on_demand_when_the_worker_has_not(people, issued, owner):
    _shipment, invoice = issued(500_000)  # no commit in the test: the task never ran
    row = Invoice.objects.get(public_id=invoice["id"])
    assert row.pdf_key == ""
    response = owner.get(f"/api/billing/invoices/{invoice['id']}/pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    row.refresh_from_db()
    assert row.pdf_key


def test_payment_received_tells_owners_and_other_accountants_only(
    people, accounting, company, issued, smtp, django_capture_on_commit_callbacks
):
    issued(1_000_000)
    with django_capture_on_commit_callbacks(execute=True):
        response = pay(accounting, company, 1_500_000)
    assert response.status_code == 201, response.content
    paid_on = timezone.localdate().strftime("%d/%m/%Y")
    expected = (
        f"Payment of 1.500.000 đ from {company.name} received on {paid_on}: "
        "1.000.000 đ applied, 500.000 đ credit"
    )
    [en] = mails(smtp, people["en"], "1.500.000")
    assert en["Subject"].strip() == expected
    [note] = mails(smtp, people["accountant"], "1.500.000")  # an accountant who did not record it
    assert "1.500.000" in note["Subject"]
    assert kinds(people["stranger"]) == [] and kinds(people["clerk"]) == []
    assert not Notification.objects.filter(type="payment.received", user__role="ADMIN").exists()


def reminders(*args: str) -> str:
    out = io.StringIO()
    call_command("billing_reminders", *args, stdout=out)
    return out.getvalue()


def test_reminders_sent_once_per_step_to_own_company_honouring_preferences(
    people, accounting, company, other_company, api_login, smtp, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    for customer, days, reference in [
        (company, -3, "SOON"),
        (company, 7, "LATE-7"),
        (other_company, 0, "VNM-TODAY"),
    ]:
        opening_balance(accounting, customer, reference, days, 2_500_000)
    # the English owner turns reminder e-mails off (still in the app)
    pref = {"eventType": "invoice.due_reminder", "channel": "email", "enabled": False}
    assert api_login(people["en"]).put("/api/notifications/preferences", pref).status_code == 200

    listed = reminders("--dry-run")
    assert "BEFORE_DUE" in listed and "OVERDUE" in listed and not Event.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert "3 reminder(s) due, 3 sent" in reminders()
    with django_capture_on_commit_callbacks(execute=True):
        assert "3 reminder(s) due, 0 sent" in reminders()  # the same day again: nothing new
        call_command("jobs", "run", "billing-reminders", stdout=io.StringIO())
    assert Event.objects.count() == 4  # 3 reminders + ACCOUNTING's digest, once
    out = io.StringIO()
    call_command("jobs", "run", "mark-overdue", stdout=out)  # the first run already marked it
    assert "0 receivable(s) marked overdue" in out.getvalue()
    assert Receivable.objects.get(reference="LATE-7").status == "OVERDUE"

    soon = (today + timedelta(days=3)).strftime("%d/%m/%Y")
    late = (today - timedelta(days=7)).strftime("%d/%m/%Y")
    en_subjects = sorted(m["Subject"].strip() for m in mails(smtp, people["en"], "2.500.000"))
    assert en_subjects == [f"Overdue: LATE-7, 2.500.000 đ was due on {late} (7 days ago)"]
    vi_subjects = sorted(m["Subject"].strip() for m in mails(smtp, people["vi"], "2.500.000"))
    assert vi_subjects == [
        f"Nhắc thanh toán: SOON, 2.500.000 đ đến hạn ngày {soon}",
        f"Quá hạn: LATE-7, 2.500.000 đ đã đến hạn ngày {late} (7 ngày trước)",
    ]
    assert kinds(people["en"]) == ["invoice.due_reminder", "invoice.overdue_reminder"]
    assert [m["Subject"].strip() for m in smtp.to(people["stranger"].email)] == [
        "Nhắc thanh toán: VNM-TODAY, 2.500.000 đ đến hạn ngày " + today.strftime("%d/%m/%Y")
    ]
    assert kinds(people["clerk"]) == []
    [digest] = smtp.to(people["accountant"].email)  # only LATE-7 is past due
    assert digest["Subject"].strip() == "1 khoản công nợ quá hạn, còn 2.500.000 đ chưa thu"
    assert kinds(people["accountant"]) == ["receivables.overdue_digest"]
    assert kinds(people["admin"]) == []


def test_customer_webhook_hears_its_own_invoices_only(
    people, issued, api_login, receiver, django_capture_on_commit_callbacks
):
    for who in ("vi", "stranger"):
        body = {"url": receiver.url, "eventTypes": ["invoice.issued"]}
        assert api_login(people[who]).post("/api/webhooks", body).status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        _shipment, invoice = issued(10_000)
    [(headers, raw)] = receiver.requests  # APT's endpoint only, not the other company's
    sent = json.loads(raw)
    assert sent["type"] == "invoice.issued" and sent["data"]["id"] == invoice["id"]
    assert sent["data"]["total"] == 10_000 and headers["webhook-signature"].startswith("v1,")
