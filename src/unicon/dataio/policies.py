"""Who may use the data tools (ADMIN always may).

- Import a workbook (it creates customers, fleet, shipments in bulk): ADMIN only.
- Read the KPI dashboard: ADMIN, OPS, ACCOUNTING (DOMAIN.md §6.6 planned dashboards).
- Export a list: whoever may read that list — the list's own service decides (customers
  get only their own company's rows), so no rule is repeated here. A background export and
  its file belong to the user who asked for it; ADMIN may read anyone's.
- Read (and export) the audit trail: ADMIN only.
"""

from unicon.core.permissions import has_role
from unicon.core.roles import ADMIN_ONLY, Role

IMPORTERS: frozenset[str] = frozenset()  # ADMIN only
KPI_READERS = frozenset({Role.OPS, Role.ACCOUNTING})
EXPORT_SUPERVISORS = ADMIN_ONLY
AUDIT_READERS = ADMIN_ONLY


def may_read_all_exports(user) -> bool:
    """Whether `user` may see and download other users' exports (ADMIN)."""
    return has_role(user, EXPORT_SUPERVISORS)
