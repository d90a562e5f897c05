"""Every event type: its label, its title (in the reader's language), who hears it by default
and on which channels. A new event (billing's "invoice issued", …) is one more `EventType`
registered with `register()` and one `notify()` call in the service that causes it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from unicon.accounts.models import User
from unicon.core.roles import Role
from unicon.notifications.models import Channel, Event
from unicon.notifications.policies import (
    ACCOUNTING,
    CUSTOMERS,
    DISPATCHERS,
    DRIVERS,
    FLEET_WATCH,
    OPS,
    OWNERS,
    WEBHOOK_OWNERS,
)


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
    who = Q(role__in=kind.roles - CUSTOMERS - DRIVERS)
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


#: (file name, content, MIME type) of a file an e-mail carries
Attachment = tuple[str, bytes, str]
#: per event type, what its e-mails carry (an app registers it: billing's invoice PDF)
ATTACHMENTS: dict[str, Callable[[Event], list[Attachment]]] = {}


def attach(code: str):
    """Decorator: `fn(event) -> [(name, bytes, mime), …]` gives the files that the e-mails of
    event type `code` carry; it may return [] (the e-mail then goes with its link only)."""

    def register_attachments(fn: Callable[[Event], list[Attachment]]):
        ATTACHMENTS[code] = fn
        return fn

    return register_attachments


def attachments(event: Event) -> list[Attachment]:
    """The files the e-mail of `event` carries ([] for most event types)."""
    produce = ATTACHMENTS.get(event.type)
    return produce(event) if produce else []


SHIPMENT_SUBMITTED = "shipment.submitted"
REQUEST_ACCEPTED = "shipment.request_accepted"
REQUEST_RETURNED = "shipment.request_returned"
SHIPMENT_DISPATCHED = "shipment.dispatched"
SHIPMENT_STARTED = "shipment.started"
SHIPMENT_DELIVERED = "shipment.delivered"
SHIPMENT_CANCELLED = "shipment.cancelled"
PHOTOS_COMPLETE = "shipment.photos_complete"
DOCUMENTS_RECEIVED = "shipment.documents_received"
DOCUMENTS_RETURNED = "shipment.documents_returned"
CHECKIN_LATE = "shipment.checkin_late"
NOT_STARTED = "shipment.not_started"
PAPERS_EXPIRING = "papers.expiring"
PAPERS_EXPIRED = "papers.expired"
# fleet costs (raised by unicon.costs.reminders)
SERVICE_DUE = "vehicle.service_due"
SERVICE_OVERDUE = "vehicle.service_overdue"
SERVICE_DUE_KM = "vehicle.service_due_km"
WEBHOOK_DISABLED = "webhook.disabled"
# billing (raised by unicon.billing.notices)
INVOICE_ISSUED = "invoice.issued"
DUE_REMINDER = "invoice.due_reminder"
OVERDUE_REMINDER = "invoice.overdue_reminder"
PAYMENT_RECEIVED = "payment.received"
OVERDUE_DIGEST = "receivables.overdue_digest"


# code, label, title (params from the event), default audience, customers' webhooks may have it
for code, label, title, roles, customer_webhook in [
    (
        SHIPMENT_SUBMITTED,
        _("Customer request submitted"),
        _("New request %(number)s from %(customer)s"),
        OPS,
        True,
    ),
    (
        REQUEST_ACCEPTED,
        _("Request accepted"),
        _("Your request %(number)s was accepted and waits for dispatch"),
        CUSTOMERS,
        True,
    ),
    (
        REQUEST_RETURNED,
        _("Request sent back"),
        _("Your request %(number)s was sent back: %(note)s"),
        CUSTOMERS,
        True,
    ),
    (
        SHIPMENT_DISPATCHED,
        _("Shipment dispatched"),
        _("%(number)s dispatched: %(driver)s, %(tractor)s"),
        CUSTOMERS | DRIVERS,
        True,
    ),
    (SHIPMENT_STARTED, _("Trip started"), _("%(number)s: the trip has started"), CUSTOMERS, True),
    (SHIPMENT_DELIVERED, _("Shipment delivered"), _("%(number)s delivered"), CUSTOMERS, True),
    (
        SHIPMENT_CANCELLED,
        _("Shipment cancelled"),
        _("%(number)s cancelled: %(note)s"),
        CUSTOMERS,
        True,
    ),
    (
        PHOTOS_COMPLETE,
        _("POD photos complete"),
        _("%(number)s: all required photos are uploaded"),
        CUSTOMERS,
        True,
    ),
    (
        DOCUMENTS_RECEIVED,
        _("Documents received"),
        _("%(number)s: documents received"),
        CUSTOMERS,
        True,
    ),
    (
        DOCUMENTS_RETURNED,
        _("Documents returned"),
        _("%(number)s: documents returned to you"),
        CUSTOMERS,
        True,
    ),
    (
        CHECKIN_LATE,
        _("Late check-in"),
        _("%(number)s: check-in at %(stop)s %(minutes)s min late"),
        DISPATCHERS,
        False,
    ),
    (
        NOT_STARTED,
        _("Trip not started"),
        _("%(number)s should have started at %(planned)s"),
        DISPATCHERS,
        False,
    ),
    (
        PAPERS_EXPIRING,
        _("Papers expiring"),
        _("%(what)s: %(paper)s valid until %(date)s (%(days)s days)"),
        FLEET_WATCH,
        False,
    ),
    (
        PAPERS_EXPIRED,
        _("Papers expired"),
        _("%(what)s: %(paper)s expired on %(date)s"),
        FLEET_WATCH,
        False,
    ),
    (
        SERVICE_DUE,
        _("Vehicle service due"),
        _("%(what)s: service due on %(date)s (%(days)s days)"),
        FLEET_WATCH,
        False,
    ),
    (
        SERVICE_OVERDUE,
        _("Vehicle service overdue"),
        _("%(what)s: service was due on %(date)s"),
        FLEET_WATCH,
        False,
    ),
    (
        SERVICE_DUE_KM,
        _("Vehicle service due by distance"),
        _("%(what)s: service due at %(due_km)s km (odometer %(odometer_km)s km)"),
        FLEET_WATCH,
        False,
    ),
    # billing: amounts are preformatted integer VND ("1.234.567"), dates dd/mm/yyyy
    (
        INVOICE_ISSUED,
        _("Invoice issued"),
        _("Invoice %(number)s issued: %(total)s đ, due on %(due)s"),
        OWNERS,
        True,
    ),
    (
        DUE_REMINDER,
        _("Payment due reminder"),
        _("Payment reminder: %(reference)s, %(outstanding)s đ due on %(due)s"),
        OWNERS,
        True,
    ),
    (
        OVERDUE_REMINDER,
        _("Overdue payment reminder"),
        _("Overdue: %(reference)s, %(outstanding)s đ was due on %(due)s (%(days)s days ago)"),
        OWNERS,
        True,
    ),
    (
        PAYMENT_RECEIVED,
        _("Payment received"),
        _(
            "Payment of %(amount)s đ from %(customer)s received on %(paid_on)s: "
            "%(applied)s đ applied, %(credit)s đ credit"
        ),
        OWNERS | ACCOUNTING,
        True,
    ),
    (
        OVERDUE_DIGEST,
        _("Overdue receivables digest"),
        _("%(count)s overdue receivable(s), %(amount)s đ outstanding"),
        ACCOUNTING,
        False,
    ),
]:
    register(EventType(code, label, title, roles, customer_webhook=customer_webhook))

register(
    EventType(
        WEBHOOK_DISABLED,
        _("Webhook disabled"),
        _("Webhook %(url)s was disabled after %(failures)s failed attempts"),
        WEBHOOK_OWNERS,
        to_owner=True,
    )
)
