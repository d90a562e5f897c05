"""`/api/notifications` (own notifications, preferences) and `/api/webhooks` (endpoints and
their delivery logs). Handlers are thin: one service call each."""

from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Status

from unicon.core.pagination import DEFAULT_LIMIT
from unicon.core.schemas import CamelSchema, ErrorOut
from unicon.notifications import policies, services, webhooks
from unicon.notifications.filters import filtered
from unicon.notifications.schemas import (
    DeliveryOut,
    DeliveryPage,
    EndpointIn,
    EndpointOut,
    EndpointPatch,
    EndpointSecretOut,
    MarkedOut,
    NotificationOut,
    NotificationPage,
    PreferenceIn,
    PreferencesOut,
    UnreadCountOut,
)

router = Router(tags=["notifications"], by_alias=True)
ERRORS = {status: ErrorOut for status in (400, 401, 403, 404)}


class ListQuery(CamelSchema):
    unread: str | None = None
    type: str | None = None
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None


@router.get(
    "/notifications",
    response={200: NotificationPage, **ERRORS},
    operation_id="listNotifications",
)
def list_notifications(request: HttpRequest, query: Query[ListQuery]):
    """The caller's notifications, newest first. Filters: `unread=true`, `type=<event type>`
    (unknown → 400). Keyset-paginated (`cursor` from `nextCursor`)."""
    data = {k: v for k, v in (("unread", query.unread), ("type", query.type)) if v is not None}
    qs = filtered(data, services.notifications_of(request.user))
    page = services.list_notifications(request.user, qs, limit=query.limit, cursor=query.cursor)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get(
    "/notifications/unread-count",
    response={200: UnreadCountOut, **ERRORS},
    operation_id="countUnreadNotifications",
)
def unread_count(request: HttpRequest):
    return {"unread": services.unread_count(request.user)}


@router.post(
    "/notifications/read-all",
    response={200: MarkedOut, **ERRORS},
    operation_id="markAllNotificationsRead",
)
def mark_all_read(request: HttpRequest):
    return {"marked": services.mark_all_read(request.user)}


@router.post(
    "/notifications/{notification_id}/read",
    response={200: NotificationOut, **ERRORS},
    operation_id="markNotificationRead",
)
def mark_read(request: HttpRequest, notification_id: UUID):
    """Mark one of the caller's notifications read (another user's → 404)."""
    return services.mark_read(request.user, notification_id)


@router.get(
    "/notifications/preferences",
    response={200: PreferencesOut, **ERRORS},
    operation_id="getNotificationPreferences",
)
def get_preferences(request: HttpRequest):
    """{eventType: {in_app: bool, email: bool}} for the event types the caller hears."""
    return {
        "language": services.language_of(request.user),
        "preferences": services.preferences(request.user),
    }


@router.put(
    "/notifications/preferences",
    response={200: PreferencesOut, **ERRORS},
    operation_id="setNotificationPreference",
)
def set_preference(request: HttpRequest, body: PreferenceIn):
    """Turn one event type on one channel (`in_app`, `email`) on or off."""
    services.set_preference(request.user, body.event_type, body.channel, body.enabled)
    return get_preferences(request)


# --------------------------------------------------------------------------- webhooks


@router.get(
    "/webhooks",
    response={200: list[EndpointOut], **ERRORS},
    operation_id="listWebhookEndpoints",
    tags=["webhooks"],
)
def list_endpoints(request: HttpRequest):
    """ADMIN: every endpoint; a customer owner: their company's. Secrets are never listed."""
    policies.ensure_may_manage_webhooks(request.user)
    return list(policies.visible_endpoints(request.user).order_by("-id"))


@router.post(
    "/webhooks",
    response={201: EndpointSecretOut, **ERRORS},
    operation_id="createWebhookEndpoint",
    tags=["webhooks"],
)
def create_endpoint(request: HttpRequest, body: EndpointIn):
    """Register an endpoint. The response holds the signing `secret` — shown this once."""
    endpoint, secret = webhooks.create_endpoint(
        request.user, url=body.url, event_types=body.event_types, description=body.description
    )
    endpoint.secret = secret
    return Status(201, endpoint)


@router.patch(
    "/webhooks/{endpoint_id}",
    response={200: EndpointOut, **ERRORS},
    operation_id="updateWebhookEndpoint",
    tags=["webhooks"],
)
def update_endpoint(request: HttpRequest, endpoint_id: UUID, body: EndpointPatch):
    return webhooks.update_endpoint(request.user, endpoint_id, **body.model_dump())


@router.delete(
    "/webhooks/{endpoint_id}",
    response={204: None, **ERRORS},
    operation_id="deleteWebhookEndpoint",
    tags=["webhooks"],
)
def delete_endpoint(request: HttpRequest, endpoint_id: UUID):
    webhooks.delete_endpoint(request.user, endpoint_id)
    return Status(204, None)


@router.post(
    "/webhooks/{endpoint_id}/rotate-secret",
    response={200: EndpointSecretOut, **ERRORS},
    operation_id="rotateWebhookSecret",
    tags=["webhooks"],
)
def rotate_secret(request: HttpRequest, endpoint_id: UUID):
    """A new secret (shown once); the old one also signs for WEBHOOK_SECRET_OVERLAP_HOURS."""
    endpoint, secret = webhooks.rotate_secret(request.user, endpoint_id)
    endpoint.secret = secret
    return endpoint


@router.get(
    "/webhooks/{endpoint_id}/deliveries",
    response={200: DeliveryPage, **ERRORS},
    operation_id="listWebhookDeliveries",
    tags=["webhooks"],
)
def list_deliveries(
    request: HttpRequest, endpoint_id: UUID, limit: int = DEFAULT_LIMIT, cursor: str | None = None
):
    """The delivery log: status, response code, duration, attempts (newest first)."""
    page = webhooks.list_deliveries(request.user, endpoint_id, limit=limit, cursor=cursor)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.post(
    "/webhooks/deliveries/{delivery_id}/redeliver",
    response={202: DeliveryOut, **ERRORS},
    operation_id="redeliverWebhook",
    tags=["webhooks"],
)
def redeliver(request: HttpRequest, delivery_id: UUID):
    """Queue the delivery again (same `webhook-id`)."""
    return Status(202, webhooks.redeliver(request.user, delivery_id))
