"""Who may use the data tools (ADMIN always may).

- Import a workbook (it creates customers, fleet, shipments in bulk): ADMIN only.
- Read the KPI dashboard: ADMIN, OPS, ACCOUNTING (DOMAIN.md §6.6 planned dashboards).
- Export a list: whoever may read that list — the list's own service decides (customers
  get only their own company's rows), so no rule is repeated here.
"""

from unicon.core.roles import Role

IMPORTERS: frozenset[str] = frozenset()  # ADMIN only
KPI_READERS = frozenset({Role.OPS, Role.ACCOUNTING})
