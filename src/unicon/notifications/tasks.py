"""Queued tasks (one per delivery) and the notifications' periodic jobs."""

import logging

from django.conf import settings

from unicon.jobs import huey, periodic, task
from unicon.notifications import delivery, mail, reminders, webhooks
from unicon.notifications.models import EmailDelivery, WebhookDelivery

logger = logging.getLogger("unicon.notifications")


# Deliveries plan their own retries (the schedule is in the database, so it survives a
# restart); the queue itself does not retry them.
@task(retries=0)
def send_email(delivery_id: int) -> str:
    """Send one notification e-mail (claimed first: never twice)."""
    return delivery.run(
        EmailDelivery, delivery_id, mail.send, settings.NOTIFY_EMAIL_RETRY_SECONDS, send_email
    )


@task(retries=0)
def send_webhook(delivery_id: int) -> str:
    """POST one event to one endpoint (claimed first: never twice)."""
    return delivery.run(
        WebhookDelivery,
        delivery_id,
        webhooks.post,
        settings.WEBHOOK_RETRY_SECONDS,
        send_webhook,
        on_result=webhooks.record_result,
    )


def sweep(grace_seconds: int = 60) -> str:
    """Queue again every delivery that is due but may have lost its task."""
    emails = delivery.due(EmailDelivery, grace_seconds=grace_seconds)
    hooks = delivery.due(WebhookDelivery, grace_seconds=grace_seconds)
    for pk in emails:
        send_email(pk)
    for pk in hooks:
        send_webhook(pk)
    return f"{len(emails)} e-mail(s), {len(hooks)} webhook(s) queued again"


@periodic("* * * * *", name="outbox-sweep", description="Queue deliveries that lost their task")
def outbox_sweep() -> str:
    return sweep()


@huey.on_startup()
def _sweep_on_start() -> None:
    """A worker that starts (again) picks up what waited while no worker ran."""
    from django.db import close_old_connections

    try:
        logger.info("Outbox at start: %s", sweep(grace_seconds=0))
    except Exception:
        logger.exception("Outbox sweep at start failed")
    finally:
        close_old_connections()


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
