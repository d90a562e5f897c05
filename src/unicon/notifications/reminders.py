"""The periodic checks that raise events: papers expiring, trips that have not started."""

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from unicon.core import display
from unicon.fleet.models import Driver, Vehicle
from unicon.fleet.services import PAPERS, business_today
from unicon.notifications import catalogue
from unicon.notifications.payloads import shipment_params, shipment_payload
from unicon.notifications.services import notify
from unicon.shipments.models import OperationStatus, Shipment

#: Reminders before a paper expires (days left); each fires once per paper and expiry date.
REMINDER_DAYS = (1, 7, 30)


def _name(obj: Vehicle | Driver) -> str:
    return obj.user.full_name if isinstance(obj, Driver) else str(obj)


def paper_reminders(today: dt.date | None = None) -> str:
    """Notify dispatchers and ADMIN of papers 30/7/1 days from expiry or expired (once each).

    Days are business days in Asia/Ho_Chi_Minh; the rule of when a paper is valid is the fleet
    app's (valid through its expiry date)."""
    today = today or business_today()
    sent = 0
    horizon = today + dt.timedelta(days=max(REMINDER_DAYS))
    for model, papers in PAPERS.items():
        related = ["user"] if model is Driver else []
        for paper, field in papers:
            rows = model.objects.filter(**{f"{field}__lte": horizon}).select_related(*related)
            for obj in rows:
                expiry = getattr(obj, field)
                days = (expiry - today).days
                if days < 0:
                    kind, step = catalogue.PAPERS_EXPIRED, "expired"
                else:
                    step = min(d for d in REMINDER_DAYS if days <= d)
                    kind = catalogue.PAPERS_EXPIRING
                event = notify(
                    kind,
                    obj,
                    params={
                        "what": _name(obj),
                        "paper": paper,
                        "date": expiry.strftime("%d/%m/%Y"),
                        "days": days,
                    },
                    dedupe_key=f"{kind}:{model._meta.model_name}:{obj.pk}:{paper}:{expiry}:{step}",
                )
                sent += event is not None
    return f"{sent} reminder(s)"


def trips_not_started(now: dt.datetime | None = None) -> str:
    """Notify dispatchers once per dispatched shipment whose planned start is more than
    `NOTIFY_START_MARGIN_MINUTES` ago and that has not started (looks back two days)."""
    now = now or timezone.now()
    late = now - dt.timedelta(minutes=settings.NOTIFY_START_MARGIN_MINUTES)
    rows = Shipment.objects.filter(
        Q(operation_status=OperationStatus.DISPATCHED, actual_start__isnull=True),
        planned_start__lt=late,
        planned_start__gte=now - dt.timedelta(days=2),
    ).select_related("customer")
    sent = 0
    for shipment in rows:
        event = notify(
            catalogue.NOT_STARTED,
            shipment,
            customer=shipment.customer,
            params={
                **shipment_params(shipment),
                "planned": display.vndatetime(shipment.planned_start),
            },
            payload=shipment_payload(shipment),
            dedupe_key=f"{catalogue.NOT_STARTED}:{shipment.pk}:{shipment.planned_start}",
        )
        sent += event is not None
    return f"{sent} late trip(s)"
