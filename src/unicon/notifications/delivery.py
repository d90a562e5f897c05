"""Sending one delivery exactly once per success: claim, send, record.

A delivery is *claimed* with one conditional UPDATE (PENDING and due, or SENDING but claimed
longer ago than `NOTIFY_CLAIM_TIMEOUT_SECONDS` — its worker died) that stamps it with a fresh
claim token. Only the worker whose UPDATE matched sends it, so a task queued twice (the
on-commit task and the sweeper's) or retried after a crash does not send twice. The claim is
committed before the send; the result is written right after it. The one window left is a
crash between the receiver accepting and that write: the retry then resends with the same
Message-ID / `webhook-id`, which receivers use to drop the duplicate (at-least-once, as SMTP
and Standard Webhooks both assume).
"""

import logging
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from unicon.jobs import enqueue_on_commit
from unicon.notifications.models import Delivery, DeliveryStatus

logger = logging.getLogger("unicon.notifications")


class DeliveryFailed(Exception):
    """A send that did not succeed; `retry=False` when trying again cannot help."""

    def __init__(self, message: str, *, retry: bool = True) -> None:
        super().__init__(message)
        self.retry = retry


def claim_timeout() -> timedelta:
    return timedelta(seconds=settings.NOTIFY_CLAIM_TIMEOUT_SECONDS)


def _claimable(now) -> Q:
    return Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.SENDING, claimed_at__lt=now - claim_timeout()
    )


def claim(model: type[Delivery], pks: list[int], related: tuple[str, ...] = ()) -> list:
    """Take the due deliveries among `pks` for sending (one UPDATE marks them with a fresh
    claim token; those another worker holds or that are not due are left out)."""
    now, token = timezone.now(), uuid.uuid4()
    with transaction.atomic():
        model.objects.filter(pk__in=pks).filter(_claimable(now)).update(
            status=DeliveryStatus.SENDING, claimed_at=now, claim=token, attempts=F("attempts") + 1
        )
    return list(model.objects.filter(claim=token).select_related(*related).order_by("pk"))


#: What a sender reports per delivery: None (accepted) or the exception that stopped it.
Outcomes = Iterable[tuple[Delivery, Exception | None]]


def run(
    model: type[Delivery],
    pks: list[int],
    send: Callable[[list[Delivery]], Outcomes],
    schedule: list[int],
    task,
    *,
    related: tuple[str, ...] = (),
    on_result: Callable[[Delivery, bool], None] | None = None,
) -> str:
    """Claim deliveries `pks` and send them with `send`; a failed one is planned again after
    `schedule[n]` seconds (n = its attempts so far, as `task([pk])`) or given up (FAILED) when
    the schedule is used up or its error says retrying cannot help. Returns a summary."""
    outcomes = Counter({"skipped": len(pks)})
    for delivery, error in send(claim(model, pks, related)):
        outcomes["skipped"] -= 1
        if error is None:
            delivery.status = DeliveryStatus.SENT
            delivery.delivered_at = timezone.now()
            delivery.last_error = ""
            delivery.save(
                update_fields=["status", "delivered_at", "last_error", *model.result_fields]
            )
            outcome = "sent"
        else:
            if not isinstance(error, DeliveryFailed):  # a bug or an unexpected library error
                logger.error("Delivery %s %s failed: %r", model.__name__, delivery.pk, error)
            retry = getattr(error, "retry", True)
            message = str(error) if isinstance(error, DeliveryFailed) else repr(error)
            outcome = _failed(delivery, message, schedule if retry else [], task)
        outcomes[outcome] += 1
        if on_result is not None:
            on_result(delivery, outcome == "sent")
    return ", ".join(f"{n} {name}" for name, n in sorted(outcomes.items()) if n)


def _failed(delivery: Delivery, error: str, schedule: list[int], task) -> str:
    delivery.last_error = error[:2000]
    index = delivery.attempts - 1
    if index < len(schedule):
        delay = schedule[index]
        delivery.status = DeliveryStatus.PENDING
        delivery.next_attempt_at = timezone.now() + timedelta(seconds=delay)
        outcome = "retry"
    else:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
        delay = None
        outcome = "failed"
    with transaction.atomic():
        fields = ["status", "next_attempt_at", "last_error", *delivery.result_fields]
        delivery.save(update_fields=fields)
        if delay is not None:
            enqueue_on_commit(task, [delivery.pk], delay=delay)
    return outcome


def due(model: type[Delivery], *, grace_seconds: int = 0, limit: int = 1000) -> list[int]:
    """Deliveries that should be sent now but may not be queued (lost task, dead worker):
    PENDING and due for `grace_seconds`, or claimed by a worker that died."""
    now = timezone.now()
    late = now - timedelta(seconds=grace_seconds)
    stale = Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - claim_timeout())
    waiting = Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=late)
    return list(model.objects.filter(waiting | stale).values_list("pk", flat=True)[:limit])
