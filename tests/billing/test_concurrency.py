"""Two accountants invoice the same charge at once: exactly one wins (PostgreSQL, real
concurrent transactions; SQLite serialises writers, where test_statements_invoices covers the
sequential refusal)."""

import threading

import pytest
from django.db import connection, connections

from tests.billing.conftest import charges_of
from unicon.billing.models import Allocation, InvoiceLine
from unicon.core.roles import Role

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("flushable_audit"),
]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent writers")
def test_two_accountants_invoicing_one_charge_exactly_one_wins(
    make_user, api_login, company, seller, tariff, delivered
):
    clients = [api_login(make_user(Role.ACCOUNTING)) for _ in range(4)]
    charge = charges_of(clients[0], delivered())[0]
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def invoice(client):
        try:
            barrier.wait(timeout=10)
            response = client.post(
                "/api/billing/invoices",
                {"customerId": str(company.public_id), "chargeIds": [charge["id"]]},
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=invoice, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(statuses) == [201, 409, 409, 409]
    assert InvoiceLine.objects.filter(live=True).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent writers")
def test_two_accountants_allocating_one_payment_exactly_one_wins(
    make_user, api_login, company, seller, delivered
):
    import json

    clients = [api_login(make_user(Role.ACCOUNTING)) for _ in range(3)]
    first = clients[0]
    receivable_ids = []
    for _ in range(3):
        shipment = delivered()
        charge = first.post(
            "/api/billing/charges",
            {"shipmentId": str(shipment.public_id), "description": "x", "unitPrice": 100},
        ).json()
        invoice = first.post(
            "/api/billing/invoices",
            {"customerId": str(company.public_id), "chargeIds": [charge["id"]]},
        ).json()
        first.post(f"/api/billing/invoices/{invoice['id']}/issue", {})
    receivable_ids = [r["id"] for r in first.get("/api/billing/receivables").json()["items"]]
    body = {
        "customerId": str(company.public_id),
        "paidOn": "2026-11-01",
        "amount": 108,
        "method": "CASH",
        "allocations": [],
    }
    payment = first.client.post(
        "/api/billing/payments",
        {"payload": json.dumps(body)},
        headers={"Authorization": f"Bearer {first.token}"},
    ).json()
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def allocate(client, receivable_id):
        try:
            barrier.wait(timeout=10)
            response = client.post(
                f"/api/billing/payments/{payment['id']}/allocate",
                {"allocations": [{"receivableId": receivable_id, "amount": 108}]},
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=allocate, args=(c, r))
        for c, r in zip(clients, receivable_ids, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(statuses) == [200, 409, 409]
    assert sum(a.amount for a in Allocation.objects.all()) == 108
