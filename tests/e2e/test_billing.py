"""Billing in real Chromium: accounting prices a delivered shipment, builds a statement, the
customer confirms it, accounting invoices and issues it, the customer downloads the PDF."""

import datetime as dt

import pytest

from unicon.core.roles import Role
from unicon.fleet.models import LegalEntity
from unicon.shipments import services as shipment_services

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("flushable_audit", "stop_templates"),
]


def test_accounting_day_from_tariff_to_issued_invoice(login, shot, make_user, make_customer):
    company = make_customer(code="APT", name="An Phát Thịnh", tax_code="0301234567")
    LegalEntity.objects.create(code="UNICON", name="Công ty TNHH Unicon", tax_code="0312345678")
    ops = make_user(Role.OPS)
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    shipment = shipment_services.create_shipment(
        ops,
        {
            "customer_id": company.public_id,
            "shipment_type": "IMPORT",
            "container_type": "CONTAINER_40HC",
            "planned_start": start,
            "planned_end": start + dt.timedelta(hours=8),
            "stops": [
                {"location_name": "Cảng Cát Lái"},
                {"location_name": "Kho An Phát Thịnh"},
                {"location_name": "Depot Phước Long"},
            ],
        },
    )
    for target in ("PENDING", "DISPATCHED", "IN_TRANSIT", "DELIVERED"):
        shipment_services.record_status(shipment, target, actor=ops)

    page = login(make_user(Role.ACCOUNTING, full_name="Kế toán"))
    assert page.url.endswith("/accounting/debts/")
    assert page.get_by_text("Chưa có biểu giá").count() == 1

    page.goto("/accounting/tariffs/")
    page.select_option("select[name=customer_id]", str(company.public_id))
    page.select_option("select[name=shipment_type]", "IMPORT")  # a list of the types, by name
    page.fill("input[name=price]", "2500000")
    page.fill("input[name=valid_from]", "2026-01-01")
    with page.expect_navigation():
        page.click("form.card button[type=submit]")
    assert page.get_by_text("2.500.000 đ").count() == 1

    page.goto(f"/accounting/shipments/{shipment.public_id}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Tính cước theo biểu giá").click()
    assert page.get_by_text("2.500.000 đ").count() == 1
    shot(page, "billing-shipment")

    page.goto("/accounting/debts/")
    page.select_option("select[name=customer_id]", str(company.public_id))
    with page.expect_navigation():
        page.get_by_role("button", name="Lập bảng kê").click()
    statement_url = page.url
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi khách hàng").click()

    customer = login(make_user(Role.CUSTOMER_OWNER, customer=company))
    customer.goto("/customer/billing/")
    with customer.expect_navigation():
        customer.get_by_role("link", name="BK-").first.click()
    with customer.expect_navigation():
        customer.get_by_role("button", name="Xác nhận bảng kê").click()
    assert customer.get_by_text("Khách hàng đã xác nhận").count() == 1

    page.goto(statement_url)
    with page.expect_navigation():
        page.get_by_role("button", name="Tạo hóa đơn nháp").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Phát hành").click()
    assert page.get_by_text("Đã phát hành").count() >= 1
    assert page.get_by_text("Hai triệu bảy trăm nghìn đồng").count() == 1
    shot(page, "billing-invoice")

    customer.goto("/customer/billing/")
    with customer.expect_navigation():
        customer.get_by_role("link", name="INV-").first.click()
    pdf_link = customer.get_by_role("link", name="Tải PDF").get_attribute("href")
    response = customer.request.get(pdf_link)  # with the customer's session cookie
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
