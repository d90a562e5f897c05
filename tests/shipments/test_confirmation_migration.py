"""Migration 0010 copies every existing documents confirmation onto its shipment: an upgrade
keeps what customers confirmed before the column existed."""

from datetime import timedelta

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from unicon.shipments.models import Shipment

BEFORE = [("shipments", "0009_issue13_file_events_template_dwell")]
AFTER = [("shipments", "0010_documents_confirmed_at")]


def _shipment(customer, number: str) -> Shipment:
    start = timezone.now()
    return Shipment.objects.create(
        number=number,
        customer=customer,
        shipment_type="EXPORT",
        planned_start=start,
        planned_end=start + timedelta(hours=8),
    )


def test_existing_confirmations_are_copied(flushable_audit, make_customer):
    customer = make_customer()
    confirmed, other = _shipment(customer, "SHP-2099-0901"), _shipment(customer, "SHP-2099-0902")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    event = old.get_model("shipments", "ShipmentEvent").objects.create(
        shipment_id=confirmed.pk,
        kind="NOTE",
        note="Customer confirmed all documents received.",
        data={"confirmed_documents": True},
        created_at=timezone.now(),
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    assert Shipment.objects.get(pk=confirmed.pk).documents_confirmed_at == event.created_at
    assert Shipment.objects.get(pk=other.pk).documents_confirmed_at is None
