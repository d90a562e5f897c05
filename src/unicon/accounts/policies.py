"""Who may manage user accounts: ADMIN only (DOMAIN.md §1.2), said here once."""

from unicon.core.roles import ADMIN_ONLY

#: The user management pages and `/api/users`.
USER_ADMIN_ROLES = ADMIN_ONLY
