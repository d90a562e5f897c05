"""Who may read and change customer companies and locations (DOMAIN.md §1.4).

The one place for these role sets (ADMIN always passes): `customers.services` enforces
them, the pages read them. Ownership (a customer user only sees their own company and
its locations) is applied by the services' querysets.
"""

from unicon.core.roles import CUSTOMER_ROLES, INTERNAL_ROLES, Role

CUSTOMER_READERS = frozenset({Role.OPS, Role.DISPATCHER, Role.ACCOUNTING})
CUSTOMER_WRITERS = frozenset({Role.OPS, Role.ACCOUNTING})
#: Deleting a company (refused while anything refers to it: deactivate it instead).
CUSTOMER_DELETERS = frozenset({Role.ACCOUNTING})
#: Internal users that write shared and customers' locations.
LOCATION_WRITERS = frozenset({Role.OPS, Role.DISPATCHER})
#: Every internal user reads locations; customer users their company's and shared ones.
LOCATION_READERS = INTERNAL_ROLES
#: The location pages (create / edit / delete): internal writers and customer users.
LOCATION_PAGE_ROLES = LOCATION_WRITERS | CUSTOMER_ROLES
#: Route distances (km between two locations): every internal user reads them (planned km
#: on shipments), operations and dispatch keep them.
DISTANCE_READERS = INTERNAL_ROLES
DISTANCE_WRITERS = frozenset({Role.OPS, Role.DISPATCHER})
