"""Revenue per tractor for the fleet-costs margins: charges before VAT of the shipments
delivered in the period, credited to the tractor of the completed task; disbursements out."""

from datetime import timedelta

from django.utils import timezone

from tests.dispatch.conftest import entity, make_driver, make_vehicle  # noqa: F401
from unicon.billing.reports import revenue_by_vehicle
from unicon.dispatch.models import DriverTask, TaskStatus


def _task(shipment, driver, tractor, status=TaskStatus.COMPLETED):
    return DriverTask.objects.create(
        shipment=shipment,
        driver=driver,
        tractor=tractor,
        status=status,
        planned_start=shipment.planned_start,
        planned_end=shipment.planned_end,
        completed_at=timezone.now() if status == TaskStatus.COMPLETED else None,
    )


def test_revenue_by_vehicle(accounting, tariff, delivered, make_driver, make_vehicle):  # noqa: F811
    first, second = delivered(), delivered()
    delivered()  # delivered without a task: credited to no tractor
    tractor_a, tractor_b = make_vehicle(), make_vehicle()
    _task(first, make_driver(), tractor_a)
    _task(second, make_driver(), tractor_b, status=TaskStatus.CANCELLED)
    _task(second, make_driver(), tractor_a)
    accounting.post(
        "/api/billing/charges",
        {
            "shipmentId": str(first.public_id),
            "kind": "DISBURSEMENT",
            "description": "Phí cảng",
            "unitPrice": 250_000,
        },
    )
    accounting.post(
        "/api/billing/charges",
        {"shipmentId": str(first.public_id), "description": "Nâng hạ", "unitPrice": 300_000},
    )
    today = timezone.localdate()
    assert revenue_by_vehicle(today, today) == {tractor_a.pk: 2_500_000 * 2 + 300_000}
    assert revenue_by_vehicle(today - timedelta(days=30), today - timedelta(days=1)) == {}
