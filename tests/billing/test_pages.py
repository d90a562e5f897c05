"""The billing pages: accounting's day from the home page to an issued invoice, and the
customer portal's statements (confirm) and invoices, each company isolated."""

import pytest

from tests.billing.conftest import charges_of
from unicon.billing.models import Invoice, Statement, Tariff
from unicon.core.roles import Role


@pytest.fixture
def accountant(make_user, web):
    return web(make_user(Role.ACCOUNTING))


def test_accounting_home_lists_no_tariff_first_and_opens_the_shipment(
    accountant, accounting, tariff, delivered, make_customer
):
    priced = delivered()
    unpriced = delivered(customer=make_customer(code="ZZZ", name="Zeta"))
    page = accountant.get("/accounting/debts/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index(unpriced.number) < html.index(priced.number)
    assert "Chưa có biểu giá" in html or "No tariff" in html
    detail = accountant.get(f"/accounting/shipments/{priced.public_id}/")
    assert detail.status_code == 200
    assert "2.500.000" in detail.content.decode()


def test_charge_form_adds_and_refuses_bad_input(accountant, accounting, delivered):
    shipment = delivered()
    url = f"/accounting/shipments/{shipment.public_id}/"
    bad = accountant.post(
        url,
        {
            "kind": "EXTRA",
            "description": "Lưu bãi",
            "quantity": "0",
            "unit_price": "1000",
            "vat_rate": "8",
        },
    )
    assert bad.status_code == 400
    good = accountant.post(
        url,
        {
            "kind": "EXTRA",
            "description": "Lưu bãi",
            "quantity": "2",
            "unit_price": "150000",
            "vat_rate": "8",
        },
    )
    assert good.status_code == 302
    assert [c["amount"] for c in charges_of(accounting, shipment)] == [300_000]


def test_tariff_page_saves_a_line_and_shows_filter_errors(accountant):
    created = accountant.post(
        "/accounting/tariffs/",
        {
            "price": "1800000",
            "vat_rate": "8",
            "valid_from": "2026-01-01",
            "shipment_type": "EXPORT",
        },
    )
    assert created.status_code == 302
    page = accountant.get("/accounting/tariffs/")
    assert "1.800.000" in page.content.decode()
    bad = accountant.get("/accounting/tariffs/", {"activeOn": "not-a-date"})
    assert bad.status_code == 200
    assert 'role="alert"' in bad.content.decode()
    tariff = Tariff.objects.get()
    edit_url = f"/accounting/tariffs/{tariff.public_id}/"
    assert 'value="1800000"' in accountant.get(edit_url).content.decode()
    accountant.post(
        edit_url,
        {
            "price": "1900000",
            "vat_rate": "8",
            "valid_from": "2026-01-01",
            "shipment_type": "EXPORT",
        },
    )
    tariff.refresh_from_db()
    assert tariff.price == 1_900_000
    accountant.post(f"/accounting/tariffs/{tariff.public_id}/delete/")
    assert not Tariff.objects.exists()


def test_statement_to_invoice_through_the_pages(
    accountant, web, make_user, company, other_company, seller, tariff, delivered
):
    delivered()
    owner = web(make_user(Role.CUSTOMER_OWNER, customer=company))
    stranger = web(make_user(Role.CUSTOMER_OWNER, customer=other_company))
    response = accountant.post("/accounting/statements/", {"customer_id": str(company.public_id)})
    assert response.status_code == 302
    statement = Statement.objects.get()
    url = f"/billing/statements/{statement.public_id}/"
    accountant.post(f"{url}send/")
    assert stranger.get(url).status_code == 404
    assert statement.number in owner.get("/customer/billing/").content.decode()
    owner.post(f"{url}confirm/")
    statement.refresh_from_db()
    assert statement.status == "CONFIRMED"
    accountant.post(f"{url}invoice/", {"legal_entity_id": str(seller.public_id)})
    invoice = Invoice.objects.get()
    accountant.post(f"/billing/invoices/{invoice.public_id}/issue/")
    invoice.refresh_from_db()
    assert invoice.status == "ISSUED"
    home = accountant.get("/accounting/debts/").content.decode()
    assert invoice.number in home and "2.700.000" in home  # 2 500 000 + 8 % VAT
    assert owner.get(f"/billing/invoices/{invoice.public_id}/pdf/")["Content-Type"] == (
        "application/pdf"
    )
    assert stranger.get(f"/billing/invoices/{invoice.public_id}/").status_code == 404


@pytest.mark.parametrize("role", [Role.DRIVER, Role.DISPATCHER, Role.CUSTOMER_OPS])
def test_other_roles_cannot_open_accounting_pages(make_user, web, company, role):
    client = web(make_user(role, customer=company if role == Role.CUSTOMER_OPS else None))
    assert client.get("/accounting/debts/").status_code == 403
    assert client.get("/accounting/tariffs/").status_code == 403


def test_receivables_dashboard_payment_form_and_account(
    accountant, accounting, web, make_user, company, other_company, seller, tariff, delivered
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from tests.billing.conftest import PNG
    from unicon.billing.models import Payment

    shipment = delivered()
    charge = charges_of(accounting, shipment)[0]
    invoice = accounting.post(
        "/api/billing/invoices",
        {"customerId": str(company.public_id), "chargeIds": [charge["id"]]},
    ).json()
    accounting.post(f"/api/billing/invoices/{invoice['id']}/issue", {})
    board = accountant.get("/accounting/receivables/")
    assert board.status_code == 200
    assert "2.700.000" in board.content.decode()
    assert "<svg" in board.content.decode()
    recorded = accountant.post(
        "/accounting/payments/",
        {
            "customer_id": str(company.public_id),
            "paid_on": "2026-11-20",
            "amount": "1000000",
            "method": "BANK_TRANSFER",
            "bank_reference": "UNC 123",
            "proofs": [SimpleUploadedFile("unc.png", PNG)],
        },
    )
    assert recorded.status_code == 302
    payment = Payment.objects.get()
    assert (payment.allocated, payment.proofs.count()) == (1_000_000, 1)
    bad = accountant.post("/accounting/payments/", {"customer_id": str(company.public_id)})
    assert bad.status_code == 400
    url = f"/accounting/customers/{company.public_id}/account/"
    period = {"start": "2026-11-01", "end": str(timezone.localdate())}
    page = accountant.get(url, period)
    assert "1.700.000" in page.content.decode()  # 2 700 000 − 1 000 000
    xlsx = accountant.get(url, {**period, "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    owner = web(make_user(Role.CUSTOMER_OWNER, customer=company))
    mine = owner.get("/customer/account/", period)
    assert "1.700.000" in mine.content.decode()
    assert "1.700.000" in owner.get("/customer/billing/").content.decode()
    stranger = web(make_user(Role.CUSTOMER_OWNER, customer=other_company))
    assert company.name not in stranger.get("/customer/account/").content.decode()
    assert stranger.get(url).status_code == 404
    pdf_response = owner.get("/customer/account/", {"format": "pdf"})
    assert pdf_response["Content-Type"] == "application/pdf"


def test_disbursement_with_receipt_and_charge_edit_on_the_shipment_page(
    accountant, accounting, delivered, web, make_user, other_company
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.billing.conftest import PNG

    shipment = delivered()
    url = f"/accounting/shipments/{shipment.public_id}/"
    refused = accountant.post(
        url,
        {
            "kind": "DISBURSEMENT",
            "description": "Phí cảng",
            "quantity": "1",
            "unit_price": "250000",
            "vat_rate": "NS",
            "receipt": SimpleUploadedFile("a.txt", b"x"),
        },
    )
    assert refused.status_code == 400
    assert charges_of(accounting, shipment) == []
    added = accountant.post(
        url,
        {
            "kind": "DISBURSEMENT",
            "description": "Phí cảng",
            "quantity": "1",
            "unit_price": "250000",
            "vat_rate": "NS",
            "receipt": SimpleUploadedFile("r.png", PNG),
        },
    )
    assert added.status_code == 302
    [charge] = charges_of(accounting, shipment)
    assert charge["hasReceipt"] and charge["vatRate"] == "NS"
    receipt = f"/billing/charges/{charge['id']}/receipt/"
    assert accountant.get(receipt)["Content-Type"] == "image/png"
    stranger = web(make_user(Role.CUSTOMER_OWNER, customer=other_company))
    assert stranger.get(receipt).status_code == 404
    edit = accountant.post(
        f"/accounting/charges/{charge['id']}/edit/",
        {"description": "Phí hạ tầng cảng", "quantity": "2", "unit_price": "250000"},
    )
    assert edit.status_code == 302
    assert charges_of(accounting, shipment)[0]["amount"] == 500_000


def test_opening_balance_form(accountant, accounting, company):
    response = accountant.post(
        "/accounting/receivables/",
        {
            "customer_id": str(company.public_id),
            "month": "2026-03",
            "amount": "12500000",
            "reference": "Bảng kê T3/2026",
        },
    )
    assert response.status_code == 302
    [row] = accounting.get("/api/billing/receivables").json()["items"]
    assert (row["amount"], row["month"], row["status"]) == (12_500_000, "2026-03", "OVERDUE")
    bad = accountant.post(
        "/accounting/receivables/",
        {
            "customer_id": str(company.public_id),
            "month": "03/2026",
            "amount": "1",
            "reference": "x",
        },
    )
    assert bad.status_code == 400
    assert len(accounting.get("/api/billing/receivables").json()["items"]) == 1


def test_reminder_settings_form_on_the_account_page(accountant, accounting, company):
    url = f"/accounting/customers/{company.public_id}/account/"
    assert "days_before" in accountant.get(url).content.decode()
    saved = accountant.post(
        f"/accounting/customers/{company.public_id}/reminders/",
        {"enabled": "on", "days_before": "5", "emails": "ketoan@apt.vn"},
    )
    assert saved.status_code == 302
    path = f"/api/billing/customers/{company.public_id}/reminders"
    assert accounting.get(path).json() == {
        "enabled": True,
        "daysBefore": 5,
        "emails": "ketoan@apt.vn",
    }
    accountant.post(
        f"/accounting/customers/{company.public_id}/reminders/",
        {"days_before": "99", "emails": ""},
    )
    assert accounting.get(path).json()["daysBefore"] == 5  # refused, nothing changed
