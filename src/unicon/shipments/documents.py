"""The customer's confirmation that every document of a shipment arrived (DOMAIN.md §4.6)."""

from django.db import transaction
from django.utils.translation import gettext_noop

from unicon.core import audit
from unicon.shipments import policies
from unicon.shipments.models import EventKind, Shipment, ShipmentEvent
from unicon.shipments.services import _lock_visible, append_event


def _confirmation(shipment: Shipment) -> ShipmentEvent | None:
    confirmations = ShipmentEvent.objects.filter(shipment=shipment, data__confirmed_documents=True)
    return confirmations.filter(kind=EventKind.NOTE).select_related("actor").order_by("id").first()


def confirm_documents(user, public_id) -> tuple[ShipmentEvent, bool]:
    """The customer confirms every document arrived (DOMAIN.md §4.6): one NOTE event with
    `data.confirmed_documents`, `POST /api/shipments/{id}/documents/confirm`.

    Returns (the confirmation event, created). Once only: a repeat returns the first
    confirmation with created=False and writes nothing. Not visible → NotFound; not the
    owning customer → Forbidden; a CANCELLED shipment → Conflict.
    """
    with transaction.atomic():
        shipment = _lock_visible(user, public_id)
        policies.may_confirm_documents(user, shipment).enforce()
        existing = _confirmation(shipment)
        if existing is not None:
            return existing, False
        with audit.labelled("shipment.documents_confirmed"):
            event = append_event(
                shipment,
                EventKind.NOTE,
                actor=user,
                note=gettext_noop("Customer confirmed all documents received."),
                data={"confirmed_documents": True},
            )
        # the event is the record; the column is its time for every read of the shipment
        Shipment.objects.filter(pk=shipment.pk).update(documents_confirmed_at=event.created_at)
    return event, True
