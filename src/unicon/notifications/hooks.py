"""Where events come from: the shipment history and the POD uploads, read through signals so
the shipment, dispatch and POD services need no change. Every receiver runs inside the
business transaction (the history row and the upload are written in it), so the event and its
deliveries commit or roll back with the change.

History line (ShipmentEvent)                       → event
OPERATION_STATUS DRAFT → PENDING by a customer user → shipment.submitted (OPS)
NOTE with data.review = ACCEPTED (ops review)       → shipment.request_accepted (customer)
OPERATION_STATUS PENDING → DRAFT, data.review = RETURNED → shipment.request_returned (customer)
OPERATION_STATUS → DISPATCHED, or a re-assignment   → shipment.dispatched (driver, customer)
OPERATION_STATUS → IN_TRANSIT / DELIVERED / CANCELLED → shipment.started / delivered / cancelled
DOCUMENT_STATUS → DOC_RECEIVED / DOC_RETURNED       → shipment.documents_received / returned
CHECK_IN later than the stop's planned arrival + NOTIFY_LATE_MARGIN_MINUTES → checkin_late
pod_uploaded and every stop's required photos present → shipment.photos_complete (once)
"""

from django.conf import settings
from django.db.models.signals import post_save

from unicon.core.roles import CUSTOMER_ROLES
from unicon.notifications import catalogue
from unicon.notifications.payloads import shipment_params, shipment_payload
from unicon.notifications.services import notify
from unicon.shipments.models import (
    DocumentStatus,
    EventKind,
    OperationStatus,
    ReviewStatus,
    ShipmentEvent,
)

S = OperationStatus

STATUS_EVENTS = {
    S.IN_TRANSIT: catalogue.SHIPMENT_STARTED,
    S.DELIVERED: catalogue.SHIPMENT_DELIVERED,
    S.CANCELLED: catalogue.SHIPMENT_CANCELLED,
}
REVIEW_EVENTS = {
    ReviewStatus.ACCEPTED: catalogue.REQUEST_ACCEPTED,
    ReviewStatus.RETURNED: catalogue.REQUEST_RETURNED,
}
DOCUMENT_EVENTS = {
    DocumentStatus.DOC_RECEIVED: catalogue.DOCUMENTS_RECEIVED,
    DocumentStatus.DOC_RETURNED: catalogue.DOCUMENTS_RETURNED,
}


def _notify_shipment(kind, history: ShipmentEvent, **params) -> None:
    shipment = history.shipment
    notify(
        kind,
        shipment,
        customer=shipment.customer,
        actor=history.actor,
        params={**shipment_params(shipment), "note": history.note, **params},
        payload=shipment_payload(shipment),
    )


def _crew(shipment) -> dict:
    task = shipment.tasks.active().select_related("driver__user", "tractor").order_by("-id").first()
    if task is None:
        return {}
    return {
        "driver": task.driver.user.full_name,
        "driver_user": str(task.driver.user.public_id),
        "tractor": str(task.tractor),
    }


def _event_for(history: ShipmentEvent):
    """(event type, extra params) for a history line, or None."""
    if kind := REVIEW_EVENTS.get(history.data.get("review")):
        return kind, {}
    if history.kind == EventKind.OPERATION_STATUS:
        if history.to_status == S.PENDING and history.from_status == S.DRAFT:
            by_customer = getattr(history.actor, "role", None) in CUSTOMER_ROLES
            return (catalogue.SHIPMENT_SUBMITTED, {}) if by_customer else None
        if history.to_status == S.DISPATCHED:
            return catalogue.SHIPMENT_DISPATCHED, _crew(history.shipment)
        kind = STATUS_EVENTS.get(history.to_status)
        return (kind, {}) if kind else None
    if history.kind == EventKind.ASSIGNMENT and history.data.get("previousTask"):
        return catalogue.SHIPMENT_DISPATCHED, _crew(history.shipment)
    if history.kind == EventKind.DOCUMENT_STATUS:
        kind = DOCUMENT_EVENTS.get(history.to_status)
        return (kind, {}) if kind else None
    if history.kind == EventKind.CHECK_IN and history.stop is not None:
        stop = history.stop
        late = (history.created_at - stop.planned_arrival).total_seconds() / 60
        if late > settings.NOTIFY_LATE_MARGIN_MINUTES:
            return catalogue.CHECKIN_LATE, {"stop": stop.location_name, "minutes": int(late)}
    return None


def on_shipment_history(sender, instance: ShipmentEvent, created: bool, raw=False, **kwargs):
    """History lines of imported past trips (`data.imported`, the workbook import) are records
    of what happened before go-live: nobody hears about them, no webhook is called."""
    if not created or raw or instance.data.get("imported"):
        return
    found = _event_for(instance)
    if found is not None:
        kind, params = found
        _notify_shipment(kind, instance, **params)


def on_pod_uploaded(sender, pod, actor=None, **kwargs) -> None:
    """All required photos of every stop present → tell the customer (once per shipment)."""
    from unicon.pods.services import missing_photos

    shipment = pod.shipment
    stops = list(shipment.stops.all())
    if not any(stop.required_photos for stop in stops):
        return
    if any(missing_photos(stop) for stop in stops):
        return
    notify(
        catalogue.PHOTOS_COMPLETE,
        shipment,
        customer=shipment.customer,
        actor=actor,
        params=shipment_params(shipment),
        payload=shipment_payload(shipment),
        dedupe_key=f"{catalogue.PHOTOS_COMPLETE}:{shipment.pk}",
    )


def connect() -> None:
    from unicon.pods.signals import pod_uploaded

    post_save.connect(on_shipment_history, sender=ShipmentEvent, dispatch_uid="notify-history")
    pod_uploaded.connect(on_pod_uploaded, dispatch_uid="notify-pod-uploaded")
