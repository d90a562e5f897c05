"""Where events come from: the shipment history and the POD uploads, read through signals so
the shipment, dispatch and POD services need no change. The receivers run inside the
business transaction but only decide, without a query, whether the change can concern
anyone; the event, its recipients and deliveries are then written by a queued job once that
transaction commits (`tasks.notify_history`, `tasks.notify_pod`), off the request path: a
rolled-back change notifies no one, and a status change does not wait for the fan-out. A
history line is notified at most once (`dedupe_key` "history:<id>"), so the job may retry.

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

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save

from unicon.core.roles import CUSTOMER_ROLES
from unicon.jobs import enqueue_on_commit
from unicon.notifications import catalogue
from unicon.notifications.models import Event
from unicon.notifications.payloads import shipment_params, shipment_payload
from unicon.notifications.services import notify
from unicon.shipments import notes
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
        params={
            **shipment_params(shipment),
            "note": notes.note_text(history.note, history.data),
            **params,
        },
        payload=shipment_payload(shipment),
        dedupe_key=f"history:{history.pk}",
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


def _no_crew(shipment) -> dict:
    return {}


def _event_for(history: ShipmentEvent, crew=_crew):
    """(event type, extra params) for a history line, or None. With `crew=_no_crew` it runs
    no query (the line's actor and stop are the instances it was created with)."""
    if kind := REVIEW_EVENTS.get(history.data.get("review")):
        return kind, {}
    if history.kind == EventKind.OPERATION_STATUS:
        if history.to_status == S.PENDING and history.from_status == S.DRAFT:
            by_customer = getattr(history.actor, "role", None) in CUSTOMER_ROLES
            return (catalogue.SHIPMENT_SUBMITTED, {}) if by_customer else None
        if history.to_status == S.DISPATCHED:
            return catalogue.SHIPMENT_DISPATCHED, crew(history.shipment)
        kind = STATUS_EVENTS.get(history.to_status)
        return (kind, {}) if kind else None
    if history.kind == EventKind.ASSIGNMENT and history.data.get("previousTask"):
        return catalogue.SHIPMENT_DISPATCHED, crew(history.shipment)
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
    of what happened before go-live: nobody hears about them, no webhook is called. Others
    that can concern someone are notified after the commit (`notify_history`)."""
    if not created or raw or instance.data.get("imported"):
        return
    if _event_for(instance, crew=_no_crew) is not None:
        from unicon.notifications import tasks

        enqueue_on_commit(tasks.notify_history, instance.pk)


def notify_history(history_pk: int) -> str:
    """Record and fan out the event of one committed history line (the queued job's work)."""
    history = (
        ShipmentEvent.objects.select_related("shipment__customer", "actor", "stop")
        .filter(pk=history_pk)
        .first()
    )
    found = _event_for(history) if history is not None else None
    if found is None:
        return "nothing to notify"
    kind, params = found
    with transaction.atomic():
        _notify_shipment(kind, history, **params)
    return kind


def missed_history(now, *, within: timedelta, grace: timedelta) -> list[int]:
    """Ids of history lines written between `now - within` and `now - grace` that concern
    someone but have no event yet: their queued job was lost (the queue could not be reached
    when the change committed). The `history-sweep` job notifies them late rather than
    never; a line never yields two events (`dedupe_key`)."""
    lines = (
        ShipmentEvent.objects.filter(created_at__gte=now - within, created_at__lt=now - grace)
        .select_related("actor", "stop")
        .order_by("id")
    )
    candidates = [
        line.pk
        for line in lines
        if not line.data.get("imported") and _event_for(line, crew=_no_crew) is not None
    ]
    keys = [f"history:{pk}" for pk in candidates]
    done = set(Event.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
    return [pk for pk, key in zip(candidates, keys, strict=True) if key not in done]


def on_pod_uploaded(sender, pod, actor=None, **kwargs) -> None:
    """A photo arrived: whether every required photo is there is checked after the commit."""
    from unicon.notifications import tasks

    enqueue_on_commit(tasks.notify_pod, pod.pk, getattr(actor, "pk", None))


def notify_pod(pod_pk: int, actor_pk: int | None) -> str:
    """All required photos of every stop present → tell the customer (once per shipment)."""
    from unicon.accounts.models import User
    from unicon.pods.models import PodFile
    from unicon.pods.services import missing_photos

    pod = PodFile.objects.select_related("shipment__customer").filter(pk=pod_pk).first()
    if pod is None:
        return "no such photo"
    shipment = pod.shipment
    stops = list(shipment.stops.all())
    if not any(stop.required_photos for stop in stops):
        return "no photos required"
    if any(missing_photos(stop) for stop in stops):
        return "photos missing"
    with transaction.atomic():
        notify(
            catalogue.PHOTOS_COMPLETE,
            shipment,
            customer=shipment.customer,
            actor=User.objects.filter(pk=actor_pk).first() if actor_pk else None,
            params=shipment_params(shipment),
            payload=shipment_payload(shipment),
            dedupe_key=f"{catalogue.PHOTOS_COMPLETE}:{shipment.pk}",
        )
    return catalogue.PHOTOS_COMPLETE


def connect() -> None:
    from unicon.pods.signals import pod_uploaded

    post_save.connect(on_shipment_history, sender=ShipmentEvent, dispatch_uid="notify-history")
    pod_uploaded.connect(on_pod_uploaded, dispatch_uid="notify-pod-uploaded")
