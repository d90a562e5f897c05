"""Queued delivery tasks and the notifications' periodic jobs."""

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from unicon.jobs import enqueue_on_commit, huey, periodic, task
from unicon.notifications import delivery, hooks, mail, reminders, webhooks
from unicon.notifications.models import EmailDelivery, Event, WebhookDelivery

logger = logging.getLogger("unicon.notifications")


# Deliveries plan their own retries (the schedule is in the database, so it survives a
# restart); the queue itself does not retry them.
@task(retries=0)
def send_emails(delivery_ids: list[int]) -> str:
    """Send notification e-mails over one SMTP connection (each claimed first: never twice)."""
    return delivery.run(
        EmailDelivery,
        delivery_ids,
        mail.send_many,
        settings.NOTIFY_EMAIL_RETRY_SECONDS,
        send_emails,
        related=mail.RELATED,
    )


@task(retries=0)
def send_webhooks(delivery_ids: list[int]) -> str:
    """POST events to endpoints (each claimed first: never twice)."""
    return delivery.run(
        WebhookDelivery,
        delivery_ids,
        webhooks.post_many,
        settings.WEBHOOK_RETRY_SECONDS,
        send_webhooks,
        related=webhooks.RELATED,
        on_result=webhooks.record_result,
    )


@task(retries=2)
def notify_history(history_pk: int) -> str:
    """The notification of one committed shipment history line (recorded once: retry-safe)."""
    return hooks.notify_history(history_pk)


@task(retries=2)
def notify_pod(pod_pk: int, actor_pk: int | None) -> str:
    """ "All photos are in" for the shipment of a committed photo (once per shipment)."""
    return hooks.notify_pod(pod_pk, actor_pk)


@periodic(
    "*/5 * * * *",
    name="history-sweep",
    description="Notify shipment history lines (last 6 h) whose queued notification was lost",
)
def history_sweep() -> str:
    missed = hooks.missed_history(
        timezone.now(), within=timedelta(hours=6), grace=timedelta(minutes=2)
    )
    for pk in missed:
        hooks.notify_history(pk)
    return f"{len(missed)} late notification(s)"


def queue_emails(ids: list[int]) -> None:
    """Queue e-mail deliveries once the transaction commits, `NOTIFY_EMAIL_BATCH` per task."""
    for batch in chunks(ids, settings.NOTIFY_EMAIL_BATCH):
        enqueue_on_commit(send_emails, batch)


def queue_webhooks(ids: list[int]) -> None:
    """Queue webhook deliveries once the transaction commits, one task each (they go to
    different receivers: one slow receiver must not hold up the others)."""
    for pk in ids:
        enqueue_on_commit(send_webhooks, [pk])


def chunks(ids: list[int], size: int) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def sweep(grace_seconds: int = 60) -> str:
    """Queue again every delivery that is due but may have lost its task."""
    emails = delivery.due(EmailDelivery, grace_seconds=grace_seconds)
    hooks = delivery.due(WebhookDelivery, grace_seconds=grace_seconds)
    for batch in chunks(emails, settings.NOTIFY_EMAIL_BATCH):
        send_emails(batch)
    for pk in hooks:
        send_webhooks([pk])
    return f"{len(emails)} e-mail(s), {len(hooks)} webhook(s) queued again"


@periodic("* * * * *", name="outbox-sweep", description="Queue deliveries that lost their task")
def outbox_sweep() -> str:
    return sweep()


_started = threading.Event()


@huey.on_startup()
def _sweep_on_start() -> None:
    """A worker that starts (again) picks up what waited while no worker ran (once per
    process: the hook runs in each of its threads)."""
    from django.db import close_old_connections

    if _started.is_set():
        return
    _started.set()
    try:
        logger.info("Outbox at start: %s", sweep(grace_seconds=0))
    except Exception:
        logger.exception("Outbox sweep at start failed")
    finally:
        close_old_connections()


@periodic(
    "45 19 * * *",
    name="prune-notifications",
    description="Delete events older than NOTIFY_RETENTION_DAYS (+ notifications, deliveries)",
)
def prune_notifications() -> str:
    cutoff = timezone.now() - timedelta(days=settings.NOTIFY_RETENTION_DAYS)
    deleted, _by_model = Event.objects.filter(created_at__lt=cutoff).delete()
    return f"{deleted} row(s) deleted"


@periodic(
    "0 0 * * *",
    name="paper-reminders",
    description="Vehicle/driver papers expiring in 30/7/1 days or expired → dispatchers, ADMIN",
)
def paper_reminders() -> str:
    return reminders.paper_reminders()


@periodic(
    "*/5 * * * *",
    name="trips-not-started",
    description="Dispatched trips past their start (+ margin) → dispatchers",
)
def trips_not_started() -> str:
    return reminders.trips_not_started()
