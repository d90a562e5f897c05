"""Who may upload, change and verify POD photos and shipment documents.

The one place for these role sets (ADMIN always passes): `pods.services` enforces them,
the shipment detail (`allowedActions.uploadDocument`) and the pages read them.
"""

from django.utils.translation import gettext as _

from unicon.core.policy import ALLOW, Decision, conflict, role
from unicon.core.roles import CUSTOMER_ROLES, Role
from unicon.shipments.labels import status_label
from unicon.shipments.models import OperationStatus

#: The assigned driver (checked by the service) and OPS upload POD photos.
POD_UPLOAD_ROLES = frozenset({Role.DRIVER, Role.OPS})
#: OPS change anybody's files and verify documents.
OPS_ROLES = frozenset({Role.OPS})
#: Who uploads shipment documents (customer users for their own shipments).
DOCUMENT_UPLOAD_ROLES = frozenset({Role.OPS, Role.DISPATCHER, Role.ACCOUNTING, *CUSTOMER_ROLES})


def may_upload_document(user, shipment) -> Decision:
    """A document for a shipment the user can see (visibility is the service's queryset)."""
    return role(user, DOCUMENT_UPLOAD_ROLES)


#: Who prints a delivery note (visibility — own company, own trips — is the service's
#: queryset: a customer user only their company's shipments, a driver only their trips').
DELIVERY_NOTE_ROLES = frozenset(
    {Role.OPS, Role.DISPATCHER, Role.ACCOUNTING, Role.DRIVER, *CUSTOMER_ROLES}
)
#: A delivery note exists once the goods are on the road or delivered.
DELIVERY_NOTE_STATUSES = frozenset({OperationStatus.IN_TRANSIT, OperationStatus.DELIVERED})


def may_print_delivery_note(user, shipment) -> Decision:
    """The delivery note (with the POD photos) of a shipment the user can see: the role
    (403), then a shipment in transit or delivered (409)."""
    decision = role(user, DELIVERY_NOTE_ROLES)
    if not decision:
        return decision
    if shipment.operation_status not in DELIVERY_NOTE_STATUSES:
        return conflict(
            _("A delivery note is printed once the trip has started; %(number)s is %(status)s.")
            % {"number": shipment.number, "status": status_label(shipment.operation_status)},
            {"status": shipment.operation_status},
        )
    return ALLOW
