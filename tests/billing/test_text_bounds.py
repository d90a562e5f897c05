"""Text longer than its column on the billing pages and API: refused naming the field, never
cut (the e-invoice provider number used to be silently shortened to 30 characters), and the
billing forms checked by hand name their fields by label (not `customer_id`)."""

import pytest

from tests.web.test_reader_language import client_in
from tests.web.test_vietnamese_pages import visible_text
from unicon.billing.models import Invoice, Tariff
from unicon.core.roles import Role


@pytest.fixture
def draft_invoice(accounting, company, seller, delivered):
    shipment = delivered()
    charge = accounting.post(
        "/api/billing/charges",
        {"shipmentId": str(shipment.public_id), "description": "Cước", "unitPrice": 1_000},
    ).json()
    response = accounting.post(
        "/api/billing/invoices",
        {
            "customerId": str(company.public_id),
            "chargeIds": [charge["id"]],
            "legalEntityId": str(seller.public_id),
        },
    )
    assert response.status_code == 201, response.content
    return Invoice.objects.get(public_id=response.json()["id"])


@pytest.mark.parametrize(
    ("language", "label"),
    [("vi", "Số hóa đơn điện tử"), ("en", "E-invoice provider number")],
)
def test_a_long_provider_number_is_refused_not_cut(make_user, draft_invoice, language, label):
    page = client_in(make_user(Role.ACCOUNTING), language)
    url = f"/billing/invoices/{draft_invoice.public_id}/issue/"
    refused = page.post(url, {"provider_number": "1" * 31}, follow=True)
    text = visible_text(refused.content.decode())
    assert label in text and "30" in text and "31" in text
    draft_invoice.refresh_from_db()
    assert (draft_invoice.status, draft_invoice.provider_number) == ("DRAFT", "")
    page.post(url, {"provider_number": "1" * 30})
    draft_invoice.refresh_from_db()
    assert (draft_invoice.status, draft_invoice.provider_number) == ("ISSUED", "1" * 30)


def test_the_api_refuses_it_too(accounting, draft_invoice):
    answer = accounting.post(
        f"/api/billing/invoices/{draft_invoice.public_id}/issue", {"providerNumber": "1" * 31}
    )
    assert answer.status_code == 400
    assert "providerNumber" in answer.json()["error"]["details"]
    draft_invoice.refresh_from_db()
    assert draft_invoice.status == "DRAFT"


@pytest.mark.parametrize(("field", "limit"), [("note", 255), ("from_area", 100)])
def test_tariff_form_takes_the_bounds_of_the_model(make_user, field, limit):
    page = client_in(make_user(Role.ACCOUNTING), "en")
    form = {"price": "1000", "vat_rate": "8", "valid_from": "2026-01-01"}
    refused = page.post("/accounting/tariffs/", {**form, field: "x" * (limit + 1)})
    assert refused.status_code == 400
    assert f"At most {limit} characters" in refused.content.decode()
    assert not Tariff.objects.exists()
