"""Webhook endpoints (register, change, rotate the secret, delete), delivery and its log.

A delivery POSTs `{"type", "id", "timestamp", "version": 1, "data": <object as the API shows
it>}` signed per Standard Webhooks (`signing`), through `outbound` (no private addresses, no
redirects, capped response, timeouts). Retries follow `WEBHOOK_RETRY_SECONDS` (about 24 h in
all); `WEBHOOK_DISABLE_AFTER_FAILURES` failed attempts in a row disable the endpoint and tell
its owner. The secret is returned once, when created or rotated.
"""

import json
import time
from datetime import UTC, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from unicon.core.errors import NotFound, ValidationFailed
from unicon.core.pagination import DEFAULT_LIMIT, Page, keyset_page
from unicon.core.roles import Role
from unicon.notifications import catalogue, outbound, policies, signing
from unicon.notifications.delivery import DeliveryFailed, Outcomes
from unicon.notifications.models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from unicon.notifications.services import notify

PAYLOAD_VERSION = 1


# --------------------------------------------------------------------------- endpoints


def _checked_url(url: str) -> str:
    url = (url or "").strip()
    try:
        _scheme, host, port, _path = outbound.check_url(url)
        outbound.resolve(host, port)
    except (outbound.Refused, OSError) as exc:
        message = _("This URL cannot receive webhooks: %s") % exc
        raise ValidationFailed(message, {"url": [str(exc)]}) from exc
    return url


def get_endpoint(user, public_id) -> WebhookEndpoint:
    """One of the endpoints `user` may see; NotFound otherwise (also for another company's)."""
    try:
        return policies.visible_endpoints(user).get(public_id=public_id)
    except (WebhookEndpoint.DoesNotExist, ValueError, ValidationFailed) as exc:
        raise NotFound(_("Webhook endpoint not found.")) from exc


def create_endpoint(user, *, url: str, event_types: list[str], description: str = ""):
    """Register an endpoint; returns (endpoint, secret) — the only time the secret is shown.

    Forbidden unless ADMIN or customer owner; ValidationFailed for a refused URL (scheme,
    non-public address) or an event type the user may not receive."""
    policies.ensure_may_manage_webhooks(user)
    types = policies.check_event_types(user, event_types)
    secret = signing.new_secret()
    endpoint = WebhookEndpoint.objects.create(
        owner=user,
        customer_id=None if user.role == Role.ADMIN else user.customer_id,
        url=_checked_url(url),
        description=description.strip()[:200],
        event_types=types,
        secret=secret,
    )
    return endpoint, secret


def update_endpoint(user, public_id, **changes) -> WebhookEndpoint:
    """Change `url`, `event_types`, `description` or `is_active` (re-enabling clears the
    failure count)."""
    endpoint = get_endpoint(user, public_id)
    if changes.get("url") is not None:
        endpoint.url = _checked_url(changes["url"])
    if changes.get("event_types") is not None:
        endpoint.event_types = policies.check_event_types(user, changes["event_types"])
    if changes.get("description") is not None:
        endpoint.description = changes["description"].strip()[:200]
    if changes.get("is_active") is not None:
        endpoint.is_active = changes["is_active"]
        if endpoint.is_active:
            endpoint.consecutive_failures = 0
            endpoint.disabled_reason = ""
    endpoint.save()
    return endpoint


def rotate_secret(user, public_id) -> tuple[WebhookEndpoint, str]:
    """A new secret (returned once); the old one keeps signing too for
    `WEBHOOK_SECRET_OVERLAP_HOURS`, so the receiver can switch without losing messages."""
    endpoint = get_endpoint(user, public_id)
    secret = signing.new_secret()
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_until = timezone.now() + timedelta(
        hours=settings.WEBHOOK_SECRET_OVERLAP_HOURS
    )
    endpoint.secret = secret
    endpoint.save()
    return endpoint, secret


def delete_endpoint(user, public_id) -> None:
    get_endpoint(user, public_id).delete()


def list_deliveries(user, public_id, *, limit=DEFAULT_LIMIT, cursor=None) -> Page:
    """The endpoint's delivery log, newest first, each with its attempts (`log`)."""
    endpoint = get_endpoint(user, public_id)
    qs = endpoint.deliveries.select_related("event").prefetch_related("log")
    return keyset_page(qs, ["-id"], limit, cursor)


def redeliver(user, delivery_id) -> WebhookDelivery:
    """Send a delivery again now (same `webhook-id`, so the receiver can tell): one more
    attempt, then the rest of the retry schedule if any is left."""
    try:
        delivery = WebhookDelivery.objects.select_related("event").get(
            public_id=delivery_id, endpoint__in=policies.visible_endpoints(user)
        )
    except (WebhookDelivery.DoesNotExist, ValueError, ValidationFailed) as exc:
        raise NotFound(_("Webhook delivery not found.")) from exc
    from unicon.notifications import tasks

    with transaction.atomic():
        delivery.status = DeliveryStatus.PENDING
        delivery.next_attempt_at = timezone.now()
        delivery.save(update_fields=["status", "next_attempt_at"])
        tasks.queue_webhooks([delivery.pk])
    return delivery


# --------------------------------------------------------------------------- delivery


def envelope(delivery: WebhookDelivery) -> bytes:
    event = delivery.event
    body = {
        "type": event.type,
        "id": str(event.public_id),
        "timestamp": event.created_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "version": PAYLOAD_VERSION,
        "data": event.payload,
    }
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


def _secrets(endpoint: WebhookEndpoint) -> list[str]:
    keep_old = endpoint.previous_secret_until and endpoint.previous_secret_until > timezone.now()
    return [endpoint.secret, endpoint.previous_secret if keep_old else ""]


#: What `post` reads, loaded with the claimed deliveries in one query.
RELATED = ("endpoint", "event")


def post_many(deliveries: list[WebhookDelivery]) -> Outcomes:
    """(delivery, None) for each delivery its receiver accepted, else (delivery, error)."""
    for delivery in deliveries:
        try:
            post(delivery)
        except Exception as exc:
            yield delivery, exc
        else:
            yield delivery, None


def post(delivery: WebhookDelivery) -> None:
    """One signed POST; DeliveryFailed unless the receiver answers 2xx."""
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        raise DeliveryFailed("endpoint disabled", retry=False)
    body = envelope(delivery)
    msg_id = f"msg_{delivery.public_id.hex}"
    headers = signing.headers(_secrets(endpoint), msg_id, int(time.time()), body)
    started = time.perf_counter()
    code, error, retry = None, "", True
    try:
        code = outbound.post(endpoint.url, body, headers).status
    except outbound.Refused as exc:
        error, retry = f"refused: {exc}", False
    except OSError as exc:
        error = f"{type(exc).__name__}: {exc}"
    duration = int((time.perf_counter() - started) * 1000)
    if code is not None and not 200 <= code < 300:
        error = f"HTTP {code}" + (" (redirects are not followed)" if 300 <= code < 400 else "")
    WebhookAttempt.objects.create(
        delivery=delivery,
        attempt=delivery.attempts,
        response_code=code,
        duration_ms=duration,
        error=error[:500],
    )
    delivery.response_code, delivery.duration_ms = code, duration  # saved with the outcome
    if error:
        raise DeliveryFailed(error, retry=retry)


def record_result(delivery: WebhookDelivery, ok: bool) -> None:
    """Count failures in a row per endpoint; disable it (and tell its owner) at the limit."""
    endpoints = WebhookEndpoint.objects.filter(pk=delivery.endpoint_id)
    if ok:
        if delivery.endpoint.consecutive_failures:
            endpoints.update(consecutive_failures=0)
        return
    endpoints.update(consecutive_failures=F("consecutive_failures") + 1)
    limit = settings.WEBHOOK_DISABLE_AFTER_FAILURES
    with transaction.atomic():
        endpoint = endpoints.select_for_update().first()
        if endpoint is None or not endpoint.is_active or endpoint.consecutive_failures < limit:
            return
        endpoint.is_active = False
        endpoint.disabled_reason = _("%(n)s failed attempts in a row") % {"n": limit}
        endpoint.save(update_fields=["is_active", "disabled_reason", "updated_at"])
        notify(
            catalogue.WEBHOOK_DISABLED,
            endpoint,
            params={"url": endpoint.url, "failures": endpoint.consecutive_failures},
        )
