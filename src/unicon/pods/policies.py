"""Who may upload, change and verify POD photos and shipment documents.

The one place for these role sets (ADMIN always passes): `pods.services` enforces them,
the shipment detail (`allowedActions.uploadDocument`) and the pages read them.
"""

from unicon.core.policy import Decision, role
from unicon.core.roles import CUSTOMER_ROLES, Role

#: The assigned driver (checked by the service) and OPS upload POD photos.
POD_UPLOAD_ROLES = frozenset({Role.DRIVER, Role.OPS})
#: OPS change anybody's files and verify documents.
OPS_ROLES = frozenset({Role.OPS})
#: Who uploads shipment documents (customer users for their own shipments).
DOCUMENT_UPLOAD_ROLES = frozenset({Role.OPS, Role.DISPATCHER, Role.ACCOUNTING, *CUSTOMER_ROLES})


def may_upload_document(user, shipment) -> Decision:
    """A document for a shipment the user can see (visibility is the service's queryset)."""
    return role(user, DOCUMENT_UPLOAD_ROLES)
