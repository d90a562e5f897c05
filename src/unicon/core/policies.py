"""Who may read the audit trail in the app (the history page of any object); ADMIN always may.

The one place for the core role sets: `core.history` enforces them, the pages read them.
"""

from django.utils.translation import gettext_lazy as _

from unicon.core.permissions import has_role
from unicon.core.policy import ALLOW, Decision, forbid
from unicon.core.roles import Role

#: The full audit history of any object (who changed what, when): OPS and ADMIN.
AUDIT_READERS = frozenset({Role.OPS})


def may_read_audit(user) -> Decision:
    """ADMIN and OPS read every object's audit history; everyone else is refused (403)."""
    if has_role(user, AUDIT_READERS):
        return ALLOW
    return forbid(_("Only administrators and operations staff may read the audit history."))
