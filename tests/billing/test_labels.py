"""What accounting's pages print for people (the tester's walk of the billing pages): shipment
types by their Vietnamese name (list, edit form, the freight line written on invoices), column
headers capitalised alike (pages and the invoice PDF), forms like the rest of the application
("—" as the empty choice, labels without a colon), distinct column headers and a confirmation
after recording a payment."""

import io
import re

import pytest
from pypdf import PdfReader

from tests.billing.conftest import charges_of
from tests.web.test_vietnamese_pages import visible_text
from unicon.billing.models import Invoice, Statement, Tariff
from unicon.core.roles import Role

LABEL_WITH_COLON = re.compile(r"<label[^>]*>[^<]*:\s*(?:\*\s*)?</label>")


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture
def accountant(make_user, web):
    return web(make_user(Role.ACCOUNTING))


def _headers(html: str) -> list[str]:
    return [visible_text(h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", html, re.S)]


def test_tariffs_show_shipment_types_by_name(accountant, tariff):
    listing = visible_text(accountant.get("/accounting/tariffs/").content.decode())
    assert "Nhập khẩu" in listing
    assert "IMPORT" not in listing and "EXPORT" not in listing
    edit = accountant.get(f"/accounting/tariffs/{Tariff.objects.get().public_id}/").content
    html = edit.decode()
    assert re.search(r'<option value="IMPORT" selected>Nhập khẩu</option>', html)
    assert '<option value="EXPORT">Xuất khẩu</option>' in html
    assert "IMPORT" not in visible_text(html) and "EXPORT" not in visible_text(html)


def test_the_freight_line_names_the_type_in_vietnamese(accounting, tariff, delivered):
    shipment = delivered()
    (freight,) = charges_of(accounting, shipment)
    assert freight["description"] == "Cước vận chuyển Nhập khẩu Cảng Cát Lái → Depot"


def _issued_invoice(accountant, company, seller, delivered):
    """(statement, invoice, shipment) of one delivered shipment, the invoice issued."""
    shipment = delivered()
    accountant.post("/accounting/statements/", {"customer_id": str(company.public_id)})
    statement = Statement.objects.get()
    url = f"/billing/statements/{statement.public_id}/"
    accountant.post(f"{url}send/")
    statement.status = "CONFIRMED"
    statement.save(update_fields=["status"])
    accountant.post(f"{url}invoice/", {"legal_entity_id": str(seller.public_id)})
    invoice = Invoice.objects.get()
    accountant.post(f"/billing/invoices/{invoice.public_id}/issue/")
    return statement, invoice, shipment


def test_column_headers_are_capitalised_on_pages_and_the_pdf(
    accountant, company, seller, tariff, delivered
):
    statement, invoice, _shipment = _issued_invoice(accountant, company, seller, delivered)
    for url in (
        f"/billing/statements/{statement.public_id}/",
        f"/billing/invoices/{invoice.public_id}/",
        "/accounting/tariffs/",
        "/accounting/payments/",
    ):
        headers = [h for h in _headers(accountant.get(url).content.decode()) if h]
        assert "Thuế suất GTGT" in headers or url.endswith("payments/")
        assert all(h[0].isupper() or not h[0].isalpha() for h in headers), (url, headers)
    pdf = accountant.get(f"/billing/invoices/{invoice.public_id}/pdf/")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Thuế suất GTGT" in text and "thuế suất Mô" not in text


def test_forms_read_like_the_other_forms(
    accountant, web, make_user, company, seller, tariff, delivered
):
    statement, invoice, shipment = _issued_invoice(accountant, company, seller, delivered)
    pages = [
        "/accounting/debts/",
        "/accounting/tariffs/",
        "/accounting/payments/",
        "/accounting/receivables/",
        f"/accounting/customers/{company.public_id}/account/",
        f"/billing/statements/{statement.public_id}/",
        f"/billing/invoices/{invoice.public_id}/",
        f"/accounting/shipments/{shipment.public_id}/",
    ]
    ops = web(make_user(Role.OPS))
    for client, url in [(accountant, u) for u in pages] + [(ops, "/notifications/")]:
        html = client.get(url).content.decode()
        assert "---------" not in html, url
        assert not LABEL_WITH_COLON.search(html), (url, LABEL_WITH_COLON.search(html).group())


def test_payments_have_distinct_headers_and_a_confirmation(accountant, company, issued):
    issued(1_000_000)
    headers = [h for h in _headers(accountant.get("/accounting/payments/").content.decode()) if h]
    assert len(headers) == len(set(headers)), headers
    response = accountant.post(
        "/accounting/payments/",
        {
            "customer_id": str(company.public_id),
            "paid_on": "2026-11-20",
            "amount": "1500000",
            "method": "BANK_TRANSFER",
            "bank_reference": "UNC-42",
        },
        follow=True,
    )
    text = visible_text(response.content.decode())
    assert "Đã ghi nhận khoản thanh toán 1.500.000 đ của An Phát Thịnh" in text
    assert "còn dư 500.000 đ" in text
