"""Huge whole numbers in billing (a user trial typed 25 nines): every money amount and quantity
has the one bound of `core.numbers` (money up to 10^15 đ), and so have the computed amounts
(quantity × unit price, an invoice's or a statement's total). Out of bounds is a 400 naming
the field through the API and a form error on the pages, in Vietnamese or English, and
nothing is saved — never a database overflow (500)."""

import pytest
from django.utils import timezone

from tests.billing.conftest import charges_of, opening_balance, pay
from unicon.billing.models import Charge, Invoice, Payment, Receivable, Statement, Tariff
from unicon.core.numbers import MAX_MONEY, MAX_QUANTITY
from unicon.core.roles import Role

NINES = 10**25 - 1  # 25 nines, as typed in the trial
HUGE = [NINES, 10**20]
LIMIT_VI = "tối đa là 1.000.000.000.000.000 đ"


@pytest.fixture
def accountant(make_user, web):
    return web(make_user(Role.ACCOUNTING))


def refused(response, field: str) -> str:
    """The message of a 400 VALIDATION_ERROR whose details name `field`."""
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert field in error["details"], error
    assert error["details"][field] == [error["message"]]
    return error["message"]


def charge(client, shipment, headers=None, **fields):
    body = {"shipmentId": str(shipment.public_id), "description": "Lưu bãi", **fields}
    return client.post("/api/billing/charges", body, headers=headers)


# --------------------------------------------------------------------------- API


@pytest.mark.parametrize("value", HUGE)
def test_a_huge_unit_price_is_refused_naming_the_field(accounting, delivered, value):
    shipment = delivered()
    message = refused(charge(accounting, shipment, unitPrice=value), "unitPrice")
    assert message == f"Đơn giá (VND) {LIMIT_VI}."
    assert not Charge.objects.exists()


def test_the_message_is_in_the_readers_language(accounting, delivered):
    shipment = delivered()
    english = charge(accounting, shipment, unitPrice=NINES, headers={"Accept-Language": "en"})
    message = refused(english, "unitPrice")
    assert message == "Unit price (VND) must be at most 1.000.000.000.000.000 đ."


@pytest.mark.parametrize("quantity", [NINES, MAX_QUANTITY + 1, 0])
def test_a_quantity_out_of_bounds_is_refused(accounting, delivered, quantity):
    response = charge(accounting, delivered(), quantity=quantity, unitPrice=1000)
    refused(response, "quantity")
    assert not Charge.objects.exists()


def test_quantity_times_unit_price_is_bounded_too(accounting, delivered):
    shipment = delivered()
    too_much = charge(accounting, shipment, quantity=1000, unitPrice=10**13)  # each one fits
    message = refused(too_much, "unitPrice")
    assert message == f"Thành tiền (số lượng × đơn giá) {LIMIT_VI}."
    assert not Charge.objects.exists()
    at_most = charge(accounting, shipment, quantity=10, unitPrice=MAX_MONEY // 10)
    assert at_most.status_code == 201, at_most.content
    assert at_most.json()["amount"] == MAX_MONEY


def test_an_edit_cannot_overflow_the_amount(accounting, delivered):
    shipment = delivered()
    made = charge(accounting, shipment, quantity=1, unitPrice=10**14).json()
    url = f"/api/billing/charges/{made['id']}"
    refused(accounting.put(url, {"quantity": NINES}), "quantity")
    refused(accounting.put(url, {"quantity": 11}), "unitPrice")  # 11 × 10^14 > 10^15
    assert charges_of(accounting, shipment)[0]["amount"] == 10**14


@pytest.mark.parametrize("value", HUGE)
def test_a_huge_tariff_price_is_refused_by_the_same_rule(accounting, value):
    response = accounting.post("/api/billing/tariffs", {"price": value, "validFrom": "2026-01-01"})
    assert refused(response, "price") == f"Đơn giá (VND) {LIMIT_VI}."
    assert not Tariff.objects.exists()


@pytest.mark.parametrize("value", HUGE)
def test_a_huge_payment_is_refused(accounting, company, value):
    refused(pay(accounting, company, value), "amount")
    assert not Payment.objects.exists()


def test_a_huge_allocation_is_refused(accounting, company):
    payment = pay(accounting, company, 1_000_000).json()  # no debt yet: kept as credit
    opening_balance(accounting, company, "SỔ CŨ", 10, 500_000)
    receivable = Receivable.objects.get()
    rows = [{"receivableId": str(receivable.public_id), "amount": NINES}]
    response = accounting.post(
        f"/api/billing/payments/{payment['id']}/allocate", {"allocations": rows}
    )
    refused(response, "allocations.0.amount")
    assert Payment.objects.get().allocated == 0


@pytest.mark.parametrize("value", HUGE)
def test_a_huge_opening_balance_is_refused(accounting, company, value):
    body = {
        "customerId": str(company.public_id),
        "month": "2026-01",
        "amount": value,
        "reference": "SỔ CŨ",
    }
    refused(accounting.post("/api/billing/receivables", body), "amount")
    assert not Receivable.objects.exists()


def test_the_reminder_days_share_the_rule(accounting, company):
    url = f"/api/billing/customers/{company.public_id}/reminders"
    refused(accounting.put(url, {"daysBefore": NINES}), "daysBefore")
    assert accounting.put(url, {"daysBefore": 60}).status_code == 200


def _two_big_charges(accounting, delivered) -> list[str]:
    """Two charges of 6 × 10^14 đ each (VAT 0 %): each fits, together they do not."""
    ids = []
    for _ in range(2):
        made = charge(accounting, delivered(), unitPrice=6 * 10**14, vatRate="0")
        assert made.status_code == 201, made.content
        ids.append(made.json()["id"])
    return ids


def test_an_invoice_total_above_the_maximum_is_refused(accounting, company, seller, delivered):
    ids = _two_big_charges(accounting, delivered)
    body = {"customerId": str(company.public_id), "chargeIds": ids}
    message = refused(accounting.post("/api/billing/invoices", body), "chargeIds")
    assert message == f"Tổng tiền hóa đơn {LIMIT_VI}."
    assert not Invoice.objects.exists()
    one = accounting.post("/api/billing/invoices", {**body, "chargeIds": ids[:1]})
    assert one.status_code == 201, one.content
    assert one.json()["total"] == 6 * 10**14


def test_a_statement_total_above_the_maximum_is_refused(accounting, company, delivered):
    _two_big_charges(accounting, delivered)
    today = timezone.localdate()
    body = {
        "customerId": str(company.public_id),
        "periodStart": str(today.replace(day=1)),
        "periodEnd": str(today),
    }
    message = refused(accounting.post("/api/billing/statements", body), "total")
    assert message == f"Tổng tiền bảng kê {LIMIT_VI}."
    assert not Statement.objects.exists()
    assert not Charge.objects.filter(statement__isnull=False).exists()


# --------------------------------------------------------------------------- pages


def _charge_form(**fields) -> dict:
    return {"kind": "EXTRA", "description": "Lưu bãi", "vat_rate": "8", **fields}


def test_the_charge_form_refuses_25_nines(accountant, delivered):
    shipment = delivered()
    url = f"/accounting/shipments/{shipment.public_id}/"
    page = accountant.post(url, _charge_form(quantity="1", unit_price="9" * 25))
    assert page.status_code == 400
    assert f"Đơn giá (VND) {LIMIT_VI}." in page.content.decode()
    assert 'max="1000000000000000"' in page.content.decode()  # the browser knows it too
    assert not Charge.objects.exists()


def test_the_charge_form_refuses_an_amount_too_large(accountant, delivered):
    shipment = delivered()
    url = f"/accounting/shipments/{shipment.public_id}/"
    page = accountant.post(url, _charge_form(quantity="1000", unit_price=str(10**13)))
    assert page.status_code == 400
    assert f"Thành tiền (số lượng × đơn giá) {LIMIT_VI}." in page.content.decode()
    assert not Charge.objects.exists()


@pytest.mark.parametrize("field", ["quantity", "unit_price"])
def test_the_charge_edit_page_refuses_a_huge_number(accountant, accounting, delivered, field):
    shipment = delivered()
    made = charge(accounting, shipment, quantity=2, unitPrice=150_000).json()
    values = {"description": "Lưu bãi", "quantity": "2", "unit_price": "150000"}
    response = accountant.post(
        f"/accounting/charges/{made['id']}/edit/", {**values, field: "9" * 25}, follow=True
    )
    assert response.status_code == 200
    assert "tối đa là" in response.content.decode()
    row = charges_of(accounting, shipment)[0]
    assert (row["quantity"], row["unitPrice"]) == (2, 150_000)


def test_the_payment_page_refuses_a_huge_amount(accountant, company):
    form = {
        "customer_id": str(company.public_id),
        "paid_on": str(timezone.localdate()),
        "amount": "9" * 25,
        "method": "BANK_TRANSFER",
    }
    page = accountant.post("/accounting/payments/", form)
    assert page.status_code == 400
    assert f"Số tiền (VND) {LIMIT_VI}." in page.content.decode()
    assert not Payment.objects.exists()


def test_the_tariff_and_opening_balance_pages_refuse_huge_amounts(accountant, company):
    tariff = accountant.post(
        "/accounting/tariffs/", {"price": "9" * 25, "vat_rate": "8", "valid_from": "2026-01-01"}
    )
    assert tariff.status_code == 400
    assert LIMIT_VI in tariff.content.decode()
    opening = accountant.post(
        "/accounting/receivables/",
        {
            "customer_id": str(company.public_id),
            "month": "2026-01",
            "amount": "9" * 25,
            "reference": "SỔ CŨ",
        },
    )
    assert opening.status_code in (200, 400)
    assert LIMIT_VI in opening.content.decode()
    assert not Tariff.objects.exists() and not Receivable.objects.exists()
