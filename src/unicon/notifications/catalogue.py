"""Every event type: its label, its title (in the reader's language), who hears it by default
and on which channels. A new event (billing's "invoice issued", …) is one more `EventType`
registered with `register()` and one `notify()` call in the service that causes it.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from unicon.accounts.models import User
from unicon.core.roles import CUSTOMER_ROLES, Role
from unicon.notifications.models import Channel, Event

CUSTOMERS = frozenset(CUSTOMER_ROLES)


@dataclass(frozen=True)
class EventType:
    code: str
    label: str
    title: str  # a lazy translation with %(name)s placeholders filled from Event.params
    #: who hears it by default, and whose preference page lists it (see `recipients`)
    roles: frozenset
    channels: frozenset = frozenset({Channel.IN_APP, Channel.EMAIL})
    #: customer owners may subscribe their webhooks to it (their own company's events only)
    customer_webhook: bool = False
    #: only the owner of the object (a webhook endpoint) hears it
    to_owner: bool = False


def recipients(kind: EventType, event: Event, obj) -> QuerySet[User]:
    """Active users with one of the event type's roles: every internal user with the role;
    customer users of the event's company only; drivers only when they are the event's driver
    (`params["driver_user"]`); for `to_owner` types only the object's owner."""
    users = User.objects.filter(is_active=True, role__in=kind.roles)
    if kind.to_owner:
        return users.filter(pk=getattr(obj, "owner_id", None))
    who = Q(role__in=kind.roles - CUSTOMERS - {Role.DRIVER})
    if event.customer_id is not None:
        who |= Q(role__in=CUSTOMERS, customer_id=event.customer_id)
    if driver_user := event.params.get("driver_user"):
        who |= Q(role=Role.DRIVER, public_id=driver_user)
    return users.filter(who)


EVENT_TYPES: dict[str, EventType] = {}


def register(event_type: EventType) -> EventType:
    EVENT_TYPES[event_type.code] = event_type
    return event_type


def get(code: str) -> EventType:
    return EVENT_TYPES[code]


SHIPMENT_SUBMITTED = register(
    EventType(
        "shipment.submitted",
        _("Customer request submitted"),
        _("New request %(number)s from %(customer)s"),
        frozenset({Role.OPS}),
        customer_webhook=True,
    )
)
SHIPMENT_DISPATCHED = register(
    EventType(
        "shipment.dispatched",
        _("Shipment dispatched"),
        _("%(number)s dispatched: %(driver)s, %(tractor)s"),
        CUSTOMERS | {Role.DRIVER},
        customer_webhook=True,
    )
)
SHIPMENT_STARTED = register(
    EventType(
        "shipment.started",
        _("Trip started"),
        _("%(number)s: the trip has started"),
        CUSTOMERS,
        customer_webhook=True,
    )
)
SHIPMENT_DELIVERED = register(
    EventType(
        "shipment.delivered",
        _("Shipment delivered"),
        _("%(number)s delivered"),
        CUSTOMERS,
        customer_webhook=True,
    )
)
SHIPMENT_CANCELLED = register(
    EventType(
        "shipment.cancelled",
        _("Shipment cancelled"),
        _("%(number)s cancelled: %(note)s"),
        CUSTOMERS,
        customer_webhook=True,
    )
)
PHOTOS_COMPLETE = register(
    EventType(
        "shipment.photos_complete",
        _("POD photos complete"),
        _("%(number)s: all required photos are uploaded"),
        CUSTOMERS,
        customer_webhook=True,
    )
)
DOCUMENTS_RECEIVED = register(
    EventType(
        "shipment.documents_received",
        _("Documents received"),
        _("%(number)s: documents received"),
        CUSTOMERS,
        customer_webhook=True,
    )
)
DOCUMENTS_RETURNED = register(
    EventType(
        "shipment.documents_returned",
        _("Documents returned"),
        _("%(number)s: documents returned to you"),
        CUSTOMERS,
        customer_webhook=True,
    )
)
CHECKIN_LATE = register(
    EventType(
        "shipment.checkin_late",
        _("Late check-in"),
        _("%(number)s: check-in at %(stop)s %(minutes)s min late"),
        frozenset({Role.DISPATCHER}),
    )
)
NOT_STARTED = register(
    EventType(
        "shipment.not_started",
        _("Trip not started"),
        _("%(number)s should have started at %(planned)s"),
        frozenset({Role.DISPATCHER}),
    )
)
PAPERS_EXPIRING = register(
    EventType(
        "papers.expiring",
        _("Papers expiring"),
        _("%(what)s: %(paper)s valid until %(date)s (%(days)s days)"),
        frozenset({Role.DISPATCHER, Role.ADMIN}),
    )
)
PAPERS_EXPIRED = register(
    EventType(
        "papers.expired",
        _("Papers expired"),
        _("%(what)s: %(paper)s expired on %(date)s"),
        frozenset({Role.DISPATCHER, Role.ADMIN}),
    )
)
WEBHOOK_DISABLED = register(
    EventType(
        "webhook.disabled",
        _("Webhook disabled"),
        _("Webhook %(url)s was disabled after %(failures)s failed attempts"),
        frozenset({Role.ADMIN, Role.CUSTOMER_OWNER}),
        to_owner=True,
    )
)
