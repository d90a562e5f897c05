"""What events carry: title parameters and the webhook payload of their object."""

from datetime import UTC

from unicon.shipments.models import Shipment


def _iso(value) -> str | None:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None


def shipment_params(shipment: Shipment) -> dict:
    return {"number": shipment.number, "customer": shipment.customer.name}


def shipment_payload(shipment: Shipment) -> dict:
    """The shipment as the API's list shows it (camelCase keys, ISO 8601 UTC times)."""
    return {
        "id": str(shipment.public_id),
        "number": shipment.number,
        "customerId": str(shipment.customer.public_id),
        "operationStatus": shipment.operation_status,
        "documentStatus": shipment.document_status,
        "plannedStart": _iso(shipment.planned_start),
        "plannedEnd": _iso(shipment.planned_end),
        "actualStart": _iso(shipment.actual_start),
        "actualEnd": _iso(shipment.actual_end),
        "containerNumber": shipment.container_number,
        "bookingNumber": shipment.booking_number,
        "version": shipment.version,
    }
