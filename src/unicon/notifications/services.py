"""Recording events (`notify`), reading and marking notifications, preferences, unsubscribe.

`notify(event_type, obj, …)` is the one call other apps make, inside the transaction of the
business change: it writes the outbox row, the recipients' notifications, the e-mail and
webhook deliveries, and queues the deliveries for when (and only if) the transaction commits.
"""

import logging

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from unicon.accounts.models import User
from unicon.core.errors import NotFound, ValidationFailed
from unicon.core.pagination import DEFAULT_LIMIT, Page, keyset_page
from unicon.core.roles import CUSTOMER_ROLES, Role
from unicon.dispatch.services import PAPER_NAMES
from unicon.notifications import catalogue
from unicon.notifications.models import (
    Channel,
    DeliveryStatus,
    EmailDelivery,
    Event,
    Notification,
    Preference,
    UserSettings,
    WebhookDelivery,
    WebhookEndpoint,
)

logger = logging.getLogger("unicon.notifications")
UNSUBSCRIBE_SALT = "unicon.notifications.unsubscribe"
#: Event parameters that hold a code, shown as its label in the reader's language.
CHOICE_PARAMS = {"paper": PAPER_NAMES}


class _Params(dict):
    def __missing__(self, key: str) -> str:
        return ""


def notify(
    event_type: str,
    obj,
    *,
    customer=None,
    actor=None,
    params: dict | None = None,
    payload: dict | None = None,
    dedupe_key: str | None = None,
) -> Event | None:
    """Record `event_type` about `obj` and fan it out; call inside the business transaction.

    `obj` may be None for a summary about no one object (a daily digest).
    `customer`: the company whose data this is (customer users and customer webhooks only hear
    their own company's events). `params`: JSON values for the title (see `catalogue`).
    `payload`: the object as the API shows it (webhooks). `dedupe_key`: an event with the same
    key is recorded once only (returns None the second time). The actor does not notify
    themselves. Raises KeyError for an unknown event type (a programming error).
    """
    kind = catalogue.get(event_type)
    actor_id = getattr(actor, "pk", None)
    fields = {
        "type": event_type,
        "object_type": obj._meta.model_name if obj is not None else "",
        "object_id": getattr(obj, "public_id", None),
        "customer": customer,
        "actor_id": actor_id,
        "params": params or {},
        "payload": payload or {},
        "dedupe_key": dedupe_key,
    }
    with transaction.atomic(savepoint=False):  # joins the caller's transaction (no savepoint)
        if dedupe_key:
            if Event.objects.filter(dedupe_key=dedupe_key).exists():
                return None
            try:  # a concurrent duplicate must not break the caller's transaction
                with transaction.atomic():
                    event = Event.objects.create(**fields)
            except IntegrityError:
                return None
        else:
            event = Event.objects.create(**fields)
        recipients = list(catalogue.recipients(kind, event, obj).exclude(pk=actor_id).only("pk"))
        _fan_out(event, kind, [u.pk for u in recipients])
        _queue_webhooks(event, kind)
    return event


def _wanted(kind: catalogue.EventType, user_ids: list[int]) -> dict[int, set[str]]:
    """The channels each user wants for this event type: defaults, then their preferences."""
    wanted = {uid: set(kind.channels) for uid in user_ids}
    for pref in Preference.objects.filter(user_id__in=user_ids, event_type=kind.code):
        (wanted[pref.user_id].add if pref.enabled else wanted[pref.user_id].discard)(pref.channel)
    return wanted


def _fan_out(event: Event, kind: catalogue.EventType, user_ids: list[int]) -> None:
    from unicon.notifications import tasks

    wanted = {uid: ch for uid, ch in _wanted(kind, user_ids).items() if ch}
    notifications = Notification.objects.bulk_create(
        Notification(event=event, user_id=uid, type=event.type, in_app=Channel.IN_APP in ch)
        for uid, ch in wanted.items()
    )
    now = timezone.now()
    emails = EmailDelivery.objects.bulk_create(
        EmailDelivery(notification=n, next_attempt_at=now)
        for n in notifications
        if Channel.EMAIL in wanted[n.user_id]
    )
    tasks.queue_emails([email.pk for email in emails])


def endpoint_accepts(endpoint: WebhookEndpoint, event: Event, kind: catalogue.EventType) -> bool:
    """ADMIN endpoints hear every event; a customer's endpoint only its company's shipment
    events; both only the types they chose (none chosen: all they may hear). Endpoints of
    deactivated owners are not even considered (`_queue_webhooks`)."""
    if endpoint.event_types and event.type not in endpoint.event_types:
        return False
    if endpoint.customer_id is None:
        return True
    return kind.customer_webhook and endpoint.customer_id == event.customer_id


def _queue_webhooks(event: Event, kind: catalogue.EventType) -> None:
    from unicon.notifications import tasks

    active = WebhookEndpoint.objects.filter(is_active=True, owner__is_active=True)
    endpoints = [e for e in active if endpoint_accepts(e, event, kind)]
    if not endpoints:
        return
    now = timezone.now()
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(endpoint=e, event=event, next_attempt_at=now) for e in endpoints
    )
    tasks.queue_webhooks([delivery.pk for delivery in deliveries])


# --------------------------------------------------------------------------- reading


def title(event: Event, language: str | None = None) -> str:
    """The event's one-line text in `language` (default: the active language)."""
    kind = catalogue.EVENT_TYPES.get(event.type)
    if kind is None:
        return event.type
    with translation.override(language or translation.get_language()):
        params = _Params(event.params)
        for name, labels in CHOICE_PARAMS.items():  # codes are shown as their labels
            if params.get(name) in labels:
                params[name] = str(labels[params[name]])
        return str(kind.title) % params


def link(user: User, event: Event) -> str:
    """The page of the event's object for `user` (a path), or the notification list."""
    names = {
        "shipment": "customer-shipment"
        if user.role in CUSTOMER_ROLES
        else ("driver-home" if user.role == Role.DRIVER else "ops-shipment"),
        "vehicle": "web-vehicles",
        "driver": "web-drivers",
        "invoice": "billing-invoice",
    }
    name = names.get(event.object_type)
    try:
        if name in {"customer-shipment", "ops-shipment", "billing-invoice"}:
            return reverse(name, args=[event.object_id])
        if name:
            return reverse(name)
    except NoReverseMatch:
        logger.warning("No page named %s for notifications", name)
    return reverse("notifications")


def notifications_of(user: User) -> QuerySet[Notification]:
    """The user's own in-app notifications (nobody sees another's)."""
    return Notification.objects.filter(user=user, in_app=True)


def list_notifications(
    user: User, queryset: QuerySet[Notification] | None = None, *, limit=DEFAULT_LIMIT, cursor=None
) -> Page:
    """Newest first, keyset-paginated; each item has `.title` and `.link` set."""
    qs = notifications_of(user) if queryset is None else queryset
    page = keyset_page(qs.select_related("event"), ["-created_at", "-id"], limit, cursor)
    for item in page.items:
        item.title = title(item.event)
        item.link = link(user, item.event)
    return page


def unread_count(user: User) -> int:
    return notifications_of(user).filter(read_at__isnull=True).count()


def mark_read(user: User, public_id) -> Notification:
    """Mark one of the user's notifications read (idempotent). NotFound for anyone else's."""
    try:
        item = notifications_of(user).select_related("event").get(public_id=public_id)
    except (Notification.DoesNotExist, ValueError, ValidationFailed) as exc:
        raise NotFound(_("Notification not found.")) from exc
    if item.read_at is None:
        item.read_at = timezone.now()
        item.save(update_fields=["read_at"])
    item.title = title(item.event)
    item.link = link(user, item.event)
    return item


def mark_all_read(user: User) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return notifications_of(user).filter(read_at__isnull=True).update(read_at=timezone.now())


# --------------------------------------------------------------------------- preferences


def event_types_for(user: User) -> list[catalogue.EventType]:
    """Event types a user can hear by default (the preference page lists these)."""
    return [kind for kind in catalogue.EVENT_TYPES.values() if user.role in kind.roles]


def preferences(user: User) -> dict[str, dict[str, bool]]:
    """{event type: {channel: on/off}} for the event types the user hears."""
    saved = {(p.event_type, p.channel): p.enabled for p in Preference.objects.filter(user=user)}
    return {
        kind.code: {ch: saved.get((kind.code, ch), ch in kind.channels) for ch in Channel.values}
        for kind in event_types_for(user)
    }


def set_preference(user: User, event_type: str, channel: str, enabled: bool) -> None:
    """Turn one event type on one channel on or off for `user`. ValidationFailed if unknown."""
    if event_type not in catalogue.EVENT_TYPES:
        raise ValidationFailed(_("Unknown event type."), {"eventType": ["invalid"]})
    if channel not in Channel.values:
        raise ValidationFailed(_("Unknown channel."), {"channel": ["invalid"]})
    Preference.objects.update_or_create(
        user=user, event_type=event_type, channel=channel, defaults={"enabled": enabled}
    )


def language_of(user: User) -> str:
    """The language of the user's e-mails (default: the site's, Vietnamese)."""
    try:
        return user.notification_settings.language
    except UserSettings.DoesNotExist:
        return settings.LANGUAGE_CODE


def set_language(user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValidationFailed(_("Unknown language."), {"language": ["invalid"]})
    UserSettings.objects.update_or_create(user=user, defaults={"language": language})


def unsubscribe_token(user: User, event_type: str) -> str:
    """A signed, non-expiring token that turns e-mail off for one event type of one user."""
    return signing.dumps({"u": str(user.public_id), "t": event_type}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_target(token: str) -> tuple[User, catalogue.EventType]:
    """Read a token; ValidationFailed when it is forged, altered or names nothing known."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user = User.objects.get(public_id=data["u"])
        return user, catalogue.get(data["t"])
    except (signing.BadSignature, User.DoesNotExist, KeyError, TypeError, ValueError) as exc:
        raise ValidationFailed(_("This unsubscribe link is not valid.")) from exc


def unsubscribe(token: str) -> tuple[User, catalogue.EventType]:
    """Turn off e-mail for the token's user and event type (no login needed)."""
    user, kind = unsubscribe_target(token)
    set_preference(user, kind.code, Channel.EMAIL, False)
    return user, kind


def pending_deliveries() -> dict[str, int]:
    """How many e-mails and webhook deliveries wait or are being sent (the outbox depth)."""
    waiting = [DeliveryStatus.PENDING, DeliveryStatus.SENDING]
    return {
        "email": EmailDelivery.objects.filter(status__in=waiting).count(),
        "webhook": WebhookDelivery.objects.filter(status__in=waiting).count(),
    }
