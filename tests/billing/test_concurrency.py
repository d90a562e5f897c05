"""Two accountants invoice the same charge at once: exactly one wins (PostgreSQL, real
concurrent transactions; SQLite serialises writers, where test_statements_invoices covers the
sequential refusal)."""

import threading

import pytest
from django.db import connection, connections

from tests.billing.conftest import charges_of
from unicon.billing.models import InvoiceLine
from unicon.core.roles import Role

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("flushable_audit")]


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
