from django.core.management import call_command

from unicon.shipments.models import Shipment, ShipmentEvent


def test_seed_demo_loads_shipments_through_the_rules():
    call_command("seed_demo")
    shipments = Shipment.objects.all()
    assert shipments.count() >= 20
    statuses = set(shipments.values_list("operation_status", flat=True))
    assert {"DRAFT", "PENDING", "CANCELLED"} <= statuses
    assert {"DOC_PENDING", "DOC_RECEIVED", "DOC_RETURNED"} <= set(
        shipments.values_list("document_status", flat=True)
    )
    assert shipments.filter(created_by_customer=True).exists()
    assert shipments.values("customer").distinct().count() >= 3
    for shipment in shipments:
        assert shipment.stops.count() >= 1
        assert ShipmentEvent.objects.filter(shipment=shipment).exists()
