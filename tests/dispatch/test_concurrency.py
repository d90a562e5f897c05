"""Two dispatchers assign the same shipment at the same moment: exactly one wins.

On PostgreSQL two threads with their own connections race for real (row lock on the
shipment + the partial unique index "one active task per shipment"). SQLite serialises
writers, so there the stale-version and already-dispatched 409s are tested instead
(see test_dispatch.py::test_second_assignment_without_version_loses).
"""

import threading

import pytest
from django.db import connection, connections

from unicon.core.roles import Role
from unicon.dispatch.models import DriverTask, TaskStatus
from unicon.fleet.models import VehicleType
from unicon.shipments.models import OperationStatus

from .conftest import body, dispatch_url

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("flushable_audit")]


def _race(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent writers")
@pytest.mark.parametrize("with_version", [True, False])
def test_two_dispatchers_exactly_one_wins(
    with_version, api_login, make_user, make_driver, make_vehicle, make_shipment
):
    shipment = make_shipment()
    clients = [api_login(make_user(Role.DISPATCHER)) for _ in range(2)]
    crews = [(make_driver(), make_vehicle(VehicleType.TRACTOR)) for _ in range(2)]
    extra = {"version": shipment.version} if with_version else {}

    def call(i):
        return lambda: clients[i].post(dispatch_url(shipment), body(*crews[i], **extra))

    responses = _race([call(0), call(1)])
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 409], [r.content for r in responses]
    loser = next(r for r in responses if r.status_code == 409)
    assert loser.json()["error"]["code"] == "CONFLICT"
    assert DriverTask.objects.filter(shipment=shipment, status=TaskStatus.PENDING).count() == 1
    assert DriverTask.objects.filter(shipment=shipment).count() == 1
    shipment.refresh_from_db()
    assert shipment.operation_status == OperationStatus.DISPATCHED


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent writers")
def test_one_driver_two_overlapping_shipments_at_once(
    api_login, make_user, make_driver, make_vehicle, make_shipment
):
    """The driver row lock serialises the double-booking check across shipments."""
    driver = make_driver()
    shipments = [make_shipment(), make_shipment()]
    clients = [api_login(make_user(Role.DISPATCHER)) for _ in range(2)]
    tractors = [make_vehicle(VehicleType.TRACTOR) for _ in range(2)]

    def call(i):
        return lambda: clients[i].post(dispatch_url(shipments[i]), body(driver, tractors[i]))

    responses = _race([call(0), call(1)])
    assert sorted(r.status_code for r in responses) == [200, 409], [r.content for r in responses]
    assert DriverTask.objects.filter(driver=driver).count() == 1
