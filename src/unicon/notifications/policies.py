"""Who may do what with notifications and webhooks.

Notifications: everyone reads and marks only their own. Webhooks: ADMIN registers endpoints
for any event type and sees every endpoint; a customer owner registers endpoints for their
own company's shipment events and sees only their company's endpoints and delivery logs.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from unicon.core.errors import Forbidden, ValidationFailed
from unicon.core.permissions import has_role
from unicon.core.roles import CUSTOMER_ROLES, Role
from unicon.notifications.models import WebhookEndpoint

WEBHOOK_ROLES = [Role.CUSTOMER_OWNER]  # and ADMIN (has_role always admits ADMIN)

# Default audiences of the event types (`catalogue`): customer users hear only their own
# company's events, drivers only their own trips (see `catalogue.recipients`).
CUSTOMERS = frozenset(CUSTOMER_ROLES)
DRIVERS = frozenset({Role.DRIVER})
OPS = frozenset({Role.OPS})
OWNERS = frozenset({Role.CUSTOMER_OWNER})
ACCOUNTING = frozenset({Role.ACCOUNTING})
DISPATCHERS = frozenset({Role.DISPATCHER})
FLEET_WATCH = frozenset({Role.DISPATCHER, Role.ADMIN})
WEBHOOK_OWNERS = frozenset({Role.ADMIN, Role.CUSTOMER_OWNER})


def may_manage_webhooks(user) -> bool:
    return has_role(user, WEBHOOK_ROLES)


def ensure_may_manage_webhooks(user) -> None:
    if not may_manage_webhooks(user):
        raise Forbidden(_("Only administrators and customer owners manage webhooks."))


def visible_endpoints(user) -> QuerySet[WebhookEndpoint]:
    """ADMIN: every endpoint; a customer owner: their company's; anyone else: none."""
    if not may_manage_webhooks(user):
        return WebhookEndpoint.objects.none()
    if user.role == Role.ADMIN:
        return WebhookEndpoint.objects.all()
    return WebhookEndpoint.objects.filter(customer_id=user.customer_id)


def subscribable_types(user) -> list[str]:
    """Event types the user's endpoints may receive."""
    if user.role == Role.ADMIN:
        return list(_catalogue().EVENT_TYPES)
    return [code for code, kind in _catalogue().EVENT_TYPES.items() if kind.customer_webhook]


def check_event_types(user, event_types: list[str]) -> list[str]:
    allowed = subscribable_types(user)
    unknown = [t for t in event_types if t not in allowed]
    if unknown:
        raise ValidationFailed(
            _("Unknown or not allowed event types: %(types)s.") % {"types": ", ".join(unknown)},
            {"eventTypes": unknown},
        )
    return sorted(set(event_types))


def _catalogue():
    # the catalogue reads its audiences from this module
    from unicon.notifications import catalogue

    return catalogue
