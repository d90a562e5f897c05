"""Purchase invoices through the API: e-invoice XML imported exactly, duplicates refused,
tampered totals flagged, the confirm gate, roles."""

import pytest

from tests.costs.conftest import multipart, pdf_bytes, stored_files, upload_file
from tests.costs.einvoice_xml import SELLER_TAX_CODE, einvoice_xml
from unicon.core.roles import Role


def xml_file(data: bytes, name="hoadon.xml"):
    return upload_file(data, name, "application/xml")


def import_xml(client, data: bytes, **extra):
    return multipart(client, "/api/purchase-invoices/einvoice", {"xml": xml_file(data), **extra})


@pytest.fixture
def accounting(login_as, entity):
    return login_as(Role.ACCOUNTING)


def test_einvoice_is_imported_exactly(accounting, entity, tractor, _media):
    response = import_xml(
        accounting,
        einvoice_xml(),
        pdf=upload_file(pdf_bytes(), "hoadon.pdf", "application/pdf"),
        vehicleId=str(tractor.public_id),
    )
    assert response.status_code == 201, response.content
    invoice = response.json()
    assert invoice["source"] == "EINVOICE"
    assert invoice["status"] == "PENDING"
    assert invoice["ocrStatus"] == "NONE"
    assert (invoice["series"], invoice["number"]) == ("1C26TAA", "0000123")
    assert invoice["issueDate"] == "2026-11-15"
    assert invoice["sellerName"] == "Công ty CP Xăng dầu Sài Gòn"
    assert invoice["sellerTaxCode"] == SELLER_TAX_CODE
    assert invoice["buyerTaxCode"] == "0312345678"
    assert invoice["legalEntity"]["id"] == str(entity.public_id)
    assert (invoice["subtotal"], invoice["vatAmount"], invoice["total"]) == (
        10_800_000,
        1_080_000,
        11_880_000,
    )
    assert invoice["vatRate"] == "10%"
    assert invoice["totalInWords"].startswith("Mười một triệu")
    assert [
        (line["description"], line["quantity"], line["amount"]) for line in invoice["lines"]
    ] == [
        ("Dầu diesel 0,05S-II", "500.0000", 9_500_000),
        ("Nhớt động cơ 15W40", "2.0000", 1_300_000),
    ]
    assert invoice["issues"] == []
    assert invoice["vehicle"]["id"] == str(tractor.public_id)
    assert sorted(f["kind"] for f in invoice["files"]) == ["INVOICE", "XML"]
    assert len(stored_files(_media)) == 2
    kept = accounting.get(next(f["url"] for f in invoice["files"] if f["kind"] == "XML"))
    assert b"".join(kept.streaming_content) == einvoice_xml()
    confirmed = accounting.post(
        f"/api/purchase-invoices/{invoice['id']}/review", {"status": "CONFIRMED"}
    )
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "CONFIRMED"


def test_wrapped_message_is_read(accounting):
    response = import_xml(accounting, einvoice_xml(wrapped=True))
    assert response.status_code == 201
    assert response.json()["number"] == "0000123"


def test_duplicate_is_refused_naming_the_existing_record(accounting, _media):
    first = import_xml(accounting, einvoice_xml()).json()
    files_before = stored_files(_media)
    again = import_xml(accounting, einvoice_xml())
    assert again.status_code == 409
    error = again.json()["error"]
    assert error["details"]["existingId"] == first["id"]
    assert "1C26TAA-0000123" in error["message"]
    assert stored_files(_media) == files_before
    other_number = import_xml(accounting, einvoice_xml(number="0000124"))
    assert other_number.status_code == 201


def test_tampered_total_is_flagged_and_blocks_confirmation(accounting):
    response = import_xml(accounting, einvoice_xml(total="12880000"))
    assert response.status_code == 201
    invoice = response.json()
    assert [issue["code"] for issue in invoice["issues"]] == ["TOTAL"]
    refused = accounting.post(
        f"/api/purchase-invoices/{invoice['id']}/review", {"status": "CONFIRMED"}
    )
    assert refused.status_code == 400
    assert "12880000" in refused.json()["error"]["message"]
    rejected = accounting.post(
        f"/api/purchase-invoices/{invoice['id']}/review",
        {"status": "REJECTED", "reason": "Tổng tiền bị sửa"},
    )
    assert rejected.json()["status"] == "REJECTED"


def test_tampered_line_and_foreign_buyer_are_flagged(accounting):
    lines = [("Lốp xe 11R22.5", "Cái", "2", "5000000", "11000000", "10%")]
    invoice = import_xml(
        accounting,
        einvoice_xml(
            lines=lines,
            buyer_tax_code="0399999999",
            subtotal="11000000",
            vat="1100000",
            total="12100000",
        ),
    ).json()
    assert {issue["code"] for issue in invoice["issues"]} == {"LINE_AMOUNT", "BUYER"}
    assert invoice["legalEntity"] is None


@pytest.mark.parametrize(
    "data",
    [
        b"not xml at all",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><HDon>&a;</HDon>',
        b"<Invoice><Number>1</Number></Invoice>",
        einvoice_xml(number=""),
        einvoice_xml(total="mười"),
    ],
)
def test_bad_xml_is_refused_and_nothing_is_kept(accounting, data, _media):
    response = import_xml(accounting, data)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert accounting.get("/api/purchase-invoices").json()["items"] == []
    assert stored_files(_media) == []


def test_cost_assigned_to_a_shipment_or_overhead(accounting, tractor, make_shipment):
    shipment = make_shipment()
    invoice = import_xml(accounting, einvoice_xml()).json()
    path = f"/api/purchase-invoices/{invoice['id']}"
    assert invoice["vehicle"] is None and invoice["shipment"] is None  # overhead
    both = accounting.patch(
        path, {"vehicleId": str(tractor.public_id), "shipmentId": str(shipment.public_id)}
    ).json()
    assert (both["vehicle"]["id"], both["shipment"]["label"]) == (
        str(tractor.public_id),
        shipment.number,
    )
    overhead = accounting.patch(path, {"vehicleId": None, "shipmentId": None}).json()
    assert overhead["vehicle"] is None and overhead["shipment"] is None
    unknown = accounting.patch(path, {"shipmentId": "00000000-0000-0000-0000-000000000000"})
    assert unknown.status_code == 400


def test_figures_of_an_einvoice_cannot_be_typed_over(accounting, tractor):
    invoice = import_xml(accounting, einvoice_xml()).json()
    path = f"/api/purchase-invoices/{invoice['id']}"
    assert accounting.patch(path, {"total": 1}).status_code == 400
    assigned = accounting.patch(path, {"vehicleId": str(tractor.public_id)})
    assert assigned.status_code == 200
    assert assigned.json()["vehicle"]["id"] == str(tractor.public_id)


@pytest.mark.parametrize("role", [Role.DISPATCHER, Role.DRIVER, Role.OPS, Role.CUSTOMER_OWNER])
def test_only_accounting_handles_invoices(login_as, role):
    client = login_as(role)
    assert import_xml(client, einvoice_xml()).status_code == 403
    assert client.get("/api/purchase-invoices").status_code == 403


def test_list_filters(accounting):
    import_xml(accounting, einvoice_xml())
    import_xml(accounting, einvoice_xml(number="0000999", total="1"))
    found = accounting.get("/api/purchase-invoices", {"q": "0000999"}).json()["items"]
    assert [row["number"] for row in found] == ["0000999"]
    assert accounting.get("/api/purchase-invoices", {"source": "PAPER"}).status_code == 400
