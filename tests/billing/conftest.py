"""Billing fixtures: users of each role, delivered shipments, a tariff, a seller."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.notifications.conftest import receiver, smtp, smtp_server  # noqa: F401  (real receivers)
from tests.web.conftest import web  # noqa: F401  (the logged-in page client fixture)
from unicon.core.roles import Role
from unicon.fleet.models import LegalEntity

START = datetime(2026, 11, 10, 1, 0, tzinfo=UTC)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def company(make_customer):
    return make_customer(
        code="APT", name="An Phát Thịnh", tax_code="0301234567", address="KCN VSIP, Bình Dương"
    )


@pytest.fixture
def other_company(make_customer):
    return make_customer(code="VNM", name="Vinamilk")


@pytest.fixture
def seller():
    return LegalEntity.objects.create(
        code="UNICON", name="Công ty TNHH Unicon", tax_code="0312345678", address="TP.HCM"
    )


@pytest.fixture
def accounting(make_user, api_login):
    return api_login(make_user(Role.ACCOUNTING))


@pytest.fixture
def ops(make_user, api_login):
    return api_login(make_user(Role.OPS))


@pytest.fixture
def owner(make_user, api_login, company):
    return api_login(make_user(Role.CUSTOMER_OWNER, customer=company))


@pytest.fixture
def other_owner(make_user, api_login, other_company):
    return api_login(make_user(Role.CUSTOMER_OWNER, customer=other_company))


@pytest.fixture
def tariff(accounting, company):
    """APT's IMPORT 40HC price: 2 500 000 đ at 8 % VAT."""
    response = accounting.post(
        "/api/billing/tariffs",
        {
            "customerId": str(company.public_id),
            "shipmentType": "IMPORT",
            "containerType": "CONTAINER_40HC",
            "price": 2_500_000,
            "vatRate": "8",
            "validFrom": "2026-01-01",
        },
    )
    assert response.status_code == 201, response.content
    return response.json()


@pytest.fixture
def delivered(make_user, company):
    """A shipment of `customer` (default: company) moved to DELIVERED through the status service
    (as dispatch and the driver's last check-out do)."""
    from unicon.shipments import services

    creator = make_user(Role.OPS)

    def make(customer=None, **overrides):
        data = {
            "customer_id": (customer or company).public_id,
            "shipment_type": "IMPORT",
            "container_type": "CONTAINER_40HC",
            "planned_start": START,
            "planned_end": START + timedelta(hours=10),
            "stops": [
                {"location_name": "Cảng Cát Lái"},
                {"location_name": "Kho Bình Dương"},
                {"location_name": "Depot"},
            ],
            **overrides,
        }
        shipment = services.create_shipment(creator, data)
        for target in ("PENDING", "DISPATCHED", "IN_TRANSIT", "DELIVERED"):
            services.record_status(shipment, target, actor=creator)
        return shipment

    return make


def charges_of(client, shipment) -> list[dict]:
    response = client.get("/api/billing/charges", {"shipment": str(shipment.public_id)})
    assert response.status_code == 200, response.content
    return response.json()["items"]


TODAY = date.today()


@pytest.fixture
def issued(accounting, company, seller, delivered):
    """Issue an invoice of one new shipment with one extra of `price` (VAT 0 %)."""

    def make(price: int, customer=None):
        shipment = delivered(customer=customer)
        charge = accounting.post(
            "/api/billing/charges",
            {
                "shipmentId": str(shipment.public_id),
                "description": "Cước",
                "unitPrice": price,
                "vatRate": "0",
            },
        ).json()
        invoice = accounting.post(
            "/api/billing/invoices",
            {
                "customerId": str((customer or company).public_id),
                "chargeIds": [charge["id"]],
                "legalEntityId": str(seller.public_id),
            },
        ).json()
        response = accounting.post(f"/api/billing/invoices/{invoice['id']}/issue", {})
        assert response.status_code == 200, response.content
        return shipment, response.json()

    return make


def pay(client, customer, amount, allocations=None, proofs=(), paid_on=None):
    body = {
        "customerId": str(customer.public_id),
        "paidOn": str(paid_on or timezone.localdate()),
        "amount": amount,
        "method": "BANK_TRANSFER",
        "bankReference": "UNC-001",
        "allocations": allocations,
    }
    files = [SimpleUploadedFile(name, data) for name, data in proofs]
    return client.client.post(
        "/api/billing/payments",
        {"payload": json.dumps(body), "proofs": files},
        headers={"Authorization": f"Bearer {client.token}"},
    )


def opening_balance(client, customer, reference: str, days_past_due: int, amount: int) -> None:
    """Enter a manual receivable through the API, due `days_past_due` days ago (< 0: ahead)."""
    body = {
        "customerId": str(customer.public_id),
        "month": "2026-01",
        "amount": amount,
        "reference": reference,
        "dueDate": str(timezone.localdate() - timedelta(days=days_past_due)),
    }
    response = client.post("/api/billing/receivables", body)
    assert response.status_code == 201, response.content
