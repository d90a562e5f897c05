"""Shipment numbers never collide: concurrent creators each get their own number.

On PostgreSQL threads with their own connections race for real on the counter row
(`select_for_update`); SQLite serialises writers (IMMEDIATE transactions), so there the
sequential uniqueness tests of test_numbers.py apply.
"""

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection, connections

from unicon.core.roles import Role
from unicon.shipments import services
from unicon.shipments.models import Shipment

from .conftest import START

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("flushable_audit")]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent writers")
def test_concurrent_creators_get_distinct_numbers(make_user, make_customer):
    customer = make_customer()
    users = [make_user(Role.OPS) for _ in range(6)]
    barrier = threading.Barrier(len(users))
    numbers, errors = [], []

    def create(user):
        try:
            barrier.wait(timeout=10)
            shipment = services.create_shipment(
                user,
                {
                    "customer_id": customer.public_id,
                    "planned_start": START,
                    "planned_end": START + timedelta(hours=5),
                    "stops": [{"location_name": "Cát Lái", "stop_type": "PORT"}],
                },
            )
            numbers.append(shipment.number)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(numbers) == len(set(numbers)) == len(users)
    assert all(re.fullmatch(r"SHP-\d{4}-\d{4}", n) for n in numbers)
    assert Shipment.objects.count() == len(users)
