"""Who may read and change the fleet master data (DOMAIN.md §1.4); ADMIN always may.

The one place for the fleet role sets: `fleet.services` enforces them, the pages read them.
"""

from unicon.core.roles import ADMIN_ONLY, INTERNAL_ROLES, Role

#: Legal entities: read by every internal user, written by ADMIN only.
ENTITY_READERS = INTERNAL_ROLES
ENTITY_WRITERS = ADMIN_ONLY
#: Vehicles and drivers: read by the office, written by OPS and DISPATCHER.
FLEET_READERS = frozenset({Role.OPS, Role.DISPATCHER, Role.ACCOUNTING})
FLEET_WRITERS = frozenset({Role.OPS, Role.DISPATCHER})
#: Who sees the vehicle and driver list pages.
FLEET_PAGE_ROLES = FLEET_WRITERS
#: Deleting a vehicle or a driver (refused while anything refers to it): ADMIN only.
FLEET_DELETERS = ADMIN_ONLY
