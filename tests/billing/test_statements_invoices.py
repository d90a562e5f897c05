"""Statements (bảng kê) and VAT invoices through the HTTP API, and the invoice PDF's text."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from tests.billing.conftest import PNG, charges_of
from unicon.core.roles import Role
from unicon.shipments.models import EventKind, ShipmentEvent


def _statement(accounting, company):
    today = timezone.localdate()
    response = accounting.post(
        "/api/billing/statements",
        {
            "customerId": str(company.public_id),
            "periodStart": str(today.replace(day=1)),
            "periodEnd": str(today),
        },
    )
    assert response.status_code == 201, response.content
    return response.json()


def _confirmed(accounting, owner, company):
    statement = _statement(accounting, company)
    path = f"/api/billing/statements/{statement['id']}"
    assert accounting.post(f"{path}/send", {}).status_code == 200
    response = owner.post(f"{path}/confirm", {})
    assert response.status_code == 200, response.content
    return response.json()


def _invoice(accounting, seller, **body):
    response = accounting.post(
        "/api/billing/invoices", {"legalEntityId": str(seller.public_id), **body}
    )
    assert response.status_code == 201, response.content
    return response.json()


def _extra(client, shipment, price, vat="10", quantity=1):
    response = client.post(
        "/api/billing/charges",
        {
            "shipmentId": str(shipment.public_id),
            "description": "Lưu bãi",
            "quantity": quantity,
            "unitPrice": price,
            "vatRate": vat,
        },
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_statement_dispute_resolve_confirm(accounting, owner, company, tariff, delivered):
    shipment = delivered()
    statement = _statement(accounting, company)
    assert statement["total"] == 2_500_000
    assert statement["status"] == "DRAFT"
    path = f"/api/billing/statements/{statement['id']}"
    assert owner.get(path).status_code == 404  # a draft is not shown to the customer yet
    assert owner.post(f"{path}/confirm", {}).status_code == 404
    assert accounting.post(f"{path}/send", {}).status_code == 200
    charge_id = statement["charges"][0]["id"]
    no_comment = owner.post(f"{path}/dispute", {"chargeId": charge_id})
    assert no_comment.status_code == 400
    disputed = owner.post(f"{path}/dispute", {"chargeId": charge_id, "comment": "Giá sai"})
    assert disputed.json()["status"] == "DISPUTED"
    assert disputed.json()["charges"][0]["disputeComment"] == "Giá sai"
    assert owner.post(f"{path}/resolve", {}).status_code == 403
    edit = accounting.put(f"/api/billing/charges/{charge_id}", {"unitPrice": 2_300_000})
    assert edit.status_code == 200
    resolved = accounting.post(f"{path}/resolve", {}).json()
    assert (resolved["status"], resolved["total"]) == ("SENT", 2_300_000)
    assert owner.post(f"{path}/confirm", {}).json()["status"] == "CONFIRMED"
    assert shipment.number in {c["shipmentNumber"] for c in resolved["charges"]}


def test_other_company_cannot_see_a_statement_or_invoice(
    accounting, owner, other_owner, company, seller, tariff, delivered
):
    delivered()
    statement = _confirmed(accounting, owner, company)
    invoice = _invoice(accounting, seller, statementId=statement["id"])
    accounting.post(f"/api/billing/invoices/{invoice['id']}/issue", {})
    for path in (
        f"/api/billing/statements/{statement['id']}",
        f"/api/billing/invoices/{invoice['id']}",
        f"/api/billing/invoices/{invoice['id']}/pdf",
    ):
        assert other_owner.get(path).status_code == 404, path
        assert owner.get(path).status_code == 200, path
    assert other_owner.get("/api/billing/invoices").json()["items"] == []
    assert (
        other_owner.post(f"/api/billing/statements/{statement['id']}/confirm", {}).status_code
        == 404
    )


def test_invoice_from_statement_vat_per_rate_and_issue(
    accounting, owner, company, seller, tariff, delivered
):
    shipment = delivered()
    _extra(accounting, shipment, 333_333, vat="10")
    disbursement = accounting.post(
        "/api/billing/charges",
        {
            "shipmentId": str(shipment.public_id),
            "kind": "DISBURSEMENT",
            "description": "Phí cảng",
            "unitPrice": 150_000,
        },
    ).json()
    accounting.client.post(
        f"/api/billing/charges/{disbursement['id']}/receipt",
        {"file": SimpleUploadedFile("r.png", PNG)},
        headers={"Authorization": f"Bearer {accounting.token}"},
    )
    statement = _confirmed(accounting, owner, company)
    invoice = _invoice(accounting, seller, statementId=statement["id"])
    # 8 %: 2 500 000 → 200 000; 10 %: 333 333 → 33 333.3 → 33 333; NS: 150 000 → 0
    assert (invoice["subtotal"], invoice["vatTotal"]) == (2_983_333, 233_333)
    assert invoice["total"] == 3_216_666
    assert invoice["status"] == "DRAFT" and invoice["number"] == ""
    assert invoice["buyerTaxCode"] == "0301234567"
    issued = accounting.post(f"/api/billing/invoices/{invoice['id']}/issue", {}).json()
    assert issued["status"] == "ISSUED"
    assert issued["number"] == f"INV-{timezone.localdate().year}-0001"
    assert issued["amountInWords"] == (
        "Ba triệu hai trăm mười sáu nghìn sáu trăm sáu mươi sáu đồng"
    )
    shipment.refresh_from_db()
    assert shipment.financial_status == "INVOICED"
    event = ShipmentEvent.objects.get(shipment=shipment, kind=EventKind.FINANCIAL_STATUS)
    assert (event.from_status, event.to_status) == ("NOT_BILLED", "INVOICED")
    statement_now = accounting.get(f"/api/billing/statements/{statement['id']}").json()
    assert statement_now["status"] == "INVOICED"
    edit = accounting.put(f"/api/billing/invoices/{invoice['id']}", {"buyerName": "X"})
    assert edit.status_code == 409
    locked = accounting.put(f"/api/billing/charges/{disbursement['id']}", {"unitPrice": 1})
    assert locked.status_code == 409


def test_disbursement_without_receipt_is_not_invoiced(accounting, company, seller, delivered):
    shipment = delivered()
    charge = accounting.post(
        "/api/billing/charges",
        {
            "shipmentId": str(shipment.public_id),
            "kind": "DISBURSEMENT",
            "description": "Phí",
            "unitPrice": 10_000,
        },
    ).json()
    response = accounting.post(
        "/api/billing/invoices",
        {"customerId": str(company.public_id), "chargeIds": [charge["id"]]},
    )
    assert response.status_code == 409
    assert response.json()["error"]["details"] == {"chargeIds": [charge["id"]]}


def test_refusals_other_customers_charge_and_twice(
    accounting, company, other_company, seller, tariff, delivered
):
    mine = charges_of(accounting, delivered())[0]
    theirs = _extra(accounting, delivered(customer=other_company), 100_000)
    mixed = accounting.post(
        "/api/billing/invoices",
        {"customerId": str(company.public_id), "chargeIds": [mine["id"], theirs["id"]]},
    )
    assert mixed.status_code == 400
    assert theirs["id"] in mixed.json()["error"]["message"]
    first = _invoice(accounting, seller, customerId=str(company.public_id), chargeIds=[mine["id"]])
    again = accounting.post(
        "/api/billing/invoices",
        {"customerId": str(company.public_id), "chargeIds": [mine["id"]]},
    )
    assert again.status_code == 409
    cancel = accounting.post(f"/api/billing/invoices/{first['id']}/cancel", {"reason": ""})
    assert cancel.status_code == 400
    cancel = accounting.post(f"/api/billing/invoices/{first['id']}/cancel", {"reason": "Sai giá"})
    assert cancel.json()["status"] == "CANCELLED"
    _invoice(accounting, seller, customerId=str(company.public_id), chargeIds=[mine["id"]])


def test_cancelling_an_issued_invoice_unbills_its_shipments(
    accounting, company, seller, tariff, delivered
):
    shipment = delivered()
    charge = charges_of(accounting, shipment)[0]
    invoice = _invoice(
        accounting, seller, customerId=str(company.public_id), chargeIds=[charge["id"]]
    )
    accounting.post(f"/api/billing/invoices/{invoice['id']}/issue", {})
    accounting.post(f"/api/billing/invoices/{invoice['id']}/cancel", {"reason": "Viết sai"})
    shipment.refresh_from_db()
    assert shipment.financial_status == "NOT_BILLED"
    assert [s["number"] for s in accounting.get("/api/billing/unbilled").json()["items"]] == [
        shipment.number
    ]


def test_invoice_numbers_count_per_seller(accounting, company, seller, tariff, delivered):
    from unicon.fleet.models import LegalEntity

    other_seller = LegalEntity.objects.create(code="KH", name="Khánh Huy")
    numbers = []
    for entity in (seller, other_seller, seller):
        charge = charges_of(accounting, delivered())[0]
        invoice = _invoice(
            accounting, entity, customerId=str(company.public_id), chargeIds=[charge["id"]]
        )
        issued = accounting.post(f"/api/billing/invoices/{invoice['id']}/issue", {}).json()
        numbers.append(issued["number"])
    year = timezone.localdate().year
    assert numbers == [f"INV-{year}-0001", f"INV-{year}-0001", f"INV-{year}-0002"]


def test_invoice_pdf_contains_amount_in_words(accounting, owner, company, seller, delivered):
    shipment = delivered()
    charge = _extra(accounting, shipment, 1_200_000, vat="0")
    invoice = _invoice(
        accounting, seller, customerId=str(company.public_id), chargeIds=[charge["id"]]
    )
    assert accounting.get(f"/api/billing/invoices/{invoice['id']}/pdf").status_code == 409
    accounting.post(f"/api/billing/invoices/{invoice['id']}/issue", {})
    response = owner.get(f"/api/billing/invoices/{invoice['id']}/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Một triệu hai trăm nghìn đồng" in text
    assert "Công ty TNHH Unicon" in text and "0312345678" in text
    assert "1.200.000" in text
    fonts = {
        str(f.get_object().get("/BaseFont"))
        for page in reader.pages
        for f in page["/Resources"]["/Font"].values()
    }
    assert any("DejaVu" in name for name in fonts)


@pytest.mark.parametrize("day", [date(2026, 11, 26), date(2026, 12, 25)])
def test_monthly_25_cycle(day):
    from unicon.billing.invoicing import cycle_period
    from unicon.customers.models import Customer

    customer = Customer(statement_cycle="MONTHLY_25")
    assert cycle_period(customer, day) == (date(2026, 11, 26), date(2026, 12, 25))


def test_invoice_xlsx_export_layout(accounting, company, seller, delivered):
    from openpyxl import load_workbook

    shipment = delivered()
    a = _extra(accounting, shipment, 1_000_000, vat="8")
    b = _extra(accounting, shipment, 500_000, vat="10", quantity=2)
    invoice = _invoice(
        accounting, seller, customerId=str(company.public_id), chargeIds=[a["id"], b["id"]]
    )
    accounting.post(f"/api/billing/invoices/{invoice['id']}/issue", {})
    response = accounting.get("/api/billing/invoices/export.xlsx", {"status": "ISSUED"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Số nội bộ", "Ký hiệu", "Ngày hóa đơn")
    year = timezone.localdate().year
    assert [r[0] for r in rows[1:]] == [f"INV-{year}-0001"] * 2
    assert [(r[8], r[10], r[11], r[12], r[13]) for r in rows[1:]] == [
        (1, 1, 1_000_000, 1_000_000, "8%"),
        (2, 2, 500_000, 1_000_000, "10%"),
    ]
    assert rows[1][14:17] == (2_000_000, 180_000, 2_180_000)
    empty = accounting.get("/api/billing/invoices/export.xlsx", {"status": "CANCELLED"})
    assert len(list(load_workbook(io.BytesIO(empty.content)).active.iter_rows())) == 1
    assert accounting.get("/api/billing/invoices/export.xlsx", {"status": "X"}).status_code == 400


def test_adjustment_invoice_refers_to_the_issued_one(
    accounting, owner, company, other_company, seller, delivered
):
    shipment = delivered()
    first = _extra(accounting, shipment, 1_000_000, vat="8")
    original = _invoice(
        accounting, seller, customerId=str(company.public_id), chargeIds=[first["id"]]
    )
    extra = _extra(accounting, shipment, 200_000, vat="8")
    body = {
        "customerId": str(company.public_id),
        "chargeIds": [extra["id"]],
        "adjustsId": original["id"],
        "legalEntityId": str(seller.public_id),
    }
    draft_refused = accounting.post("/api/billing/invoices", body)
    assert draft_refused.status_code == 409  # the original is still a draft
    accounting.post(f"/api/billing/invoices/{original['id']}/issue", {})
    adjustment = accounting.post("/api/billing/invoices", body)
    assert adjustment.status_code == 201, adjustment.content
    issued = accounting.post(f"/api/billing/invoices/{adjustment.json()['id']}/issue", {}).json()
    year = timezone.localdate().year
    assert issued["adjustsNumber"] == f"INV-{year}-0001"
    assert issued["total"] == 216_000
    text = " ".join(
        page.extract_text()
        for page in PdfReader(
            io.BytesIO(owner.get(f"/api/billing/invoices/{issued['id']}/pdf").content)
        ).pages
    )
    assert f"INV-{year}-0001" in text
    other = _extra(accounting, delivered(customer=other_company), 5, vat="8")
    wrong = accounting.post(
        "/api/billing/invoices",
        {
            "customerId": str(other_company.public_id),
            "chargeIds": [other["id"]],
            "adjustsId": original["id"],
        },
    )
    assert wrong.status_code == 400


def test_only_the_customer_owner_confirms_or_disputes(
    accounting, owner, company, tariff, delivered, make_user, web
):
    """Confirm / dispute of a sent statement is the customer owner's answer (README): the
    accountant who sent it may neither (API 403, no buttons on the page, a clear message if
    posted anyway); the owner may, and the status then is the customer's."""
    delivered()
    statement = _statement(accounting, company)
    path = f"/api/billing/statements/{statement['id']}"
    assert accounting.post(f"{path}/send", {}).status_code == 200
    refused = accounting.post(f"{path}/confirm", {})
    assert refused.status_code == 403, refused.content
    assert refused.json()["error"]["message"] == "Chỉ chủ hàng mới xác nhận hoặc khiếu nại bảng kê."
    charge = accounting.get(path).json()["charges"][0]["id"]
    dispute = {"chargeId": charge, "comment": "sai giá"}
    assert accounting.post(f"{path}/dispute", dispute).status_code == 403
    assert accounting.get(path).json()["status"] == "SENT"

    page_url = f"/billing/statements/{statement['id']}/"
    confirm, dispute_form = f'action="{page_url}confirm/"', f'action="{page_url}dispute/"'
    accountant = web(make_user(Role.ACCOUNTING))
    page = accountant.get(page_url).content.decode()
    assert confirm not in page and dispute_form not in page  # no buttons, any language
    assert "Đang chờ chủ hàng xác nhận hoặc khiếu nại." in page
    accountant.post(f"{page_url}confirm/")
    assert accounting.get(path).json()["status"] == "SENT"
    said = accountant.get(page_url).content.decode()
    assert "Chỉ chủ hàng mới xác nhận hoặc khiếu nại bảng kê." in said

    html = web(make_user(Role.CUSTOMER_OWNER, customer=company)).get(page_url).content.decode()
    assert confirm in html and dispute_form in html
    assert owner.post(f"{path}/confirm", {}).json()["status"] == "CONFIRMED"
