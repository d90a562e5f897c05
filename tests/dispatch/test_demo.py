"""`unicon seed-demo` leaves shipments in every operation status, made through the services."""

from django.core.management import call_command

from unicon.dispatch.models import DriverTask, TaskStatus
from unicon.shipments.models import OperationStatus, Shipment


def test_demo_has_shipments_in_every_status(files_in_tmp):
    call_command("seed_demo")
    statuses = set(Shipment.objects.values_list("operation_status", flat=True))
    assert statuses == set(OperationStatus.values)
    tasks = set(DriverTask.objects.values_list("status", flat=True))
    assert {TaskStatus.PENDING, TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED} <= tasks
    for shipment in Shipment.objects.filter(operation_status=OperationStatus.DELIVERED):
        assert all(s.actual_departure for s in shipment.stops.all())
        assert shipment.tasks.get(status=TaskStatus.COMPLETED)
