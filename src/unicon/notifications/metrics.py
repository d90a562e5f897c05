"""The outbox in `/metrics`: deliveries waiting and failed, per channel."""

from django.db.models import Count

from unicon.jobs.metrics import collector
from unicon.notifications.models import DeliveryStatus, EmailDelivery, WebhookDelivery


def _outbox():
    for channel, model in (("email", EmailDelivery), ("webhook", WebhookDelivery)):
        counts = {
            row["status"]: row["n"]
            for row in model.objects.exclude(status=DeliveryStatus.SENT)
            .values("status")
            .annotate(n=Count("id"))
        }
        for status in (DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.FAILED):
            yield [channel, status.lower()], counts.get(status, 0)


def register() -> None:
    collector.add_gauge(
        "unicon_outbox_deliveries",
        "Notification e-mails and webhook deliveries by state (failed: gave up)",
        ["channel", "state"],
        _outbox,
    )
