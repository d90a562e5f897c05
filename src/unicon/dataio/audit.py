"""The audit trail as a list for ADMIN (`GET /api/audit`), so that it can be filtered and
exported like every other list (`?format=xlsx|csv`, or as a background export).

Filters: `user` (the actor's public id), `dateFrom`/`dateTo` (business days or moments,
both included), `action` (exact, e.g. `shipment.update`), `objectType` and `objectId` (the
changed object). Newest first (keyset on the entry id).
"""

from __future__ import annotations

import django_filters as df
from django.db.models import QuerySet

from unicon.accounts.models import User
from unicon.core.filtering import FilterSet, FromFilter, ToFilter
from unicon.core.models import AuditEntry
from unicon.core.permissions import ensure_role
from unicon.dataio import policies


class AuditFilter(FilterSet):
    ORDER = ["-id"]
    user = df.ModelChoiceFilter(
        field_name="actor", queryset=User.objects.all(), to_field_name="public_id"
    )
    dateFrom = FromFilter(field_name="created_at")
    dateTo = ToFilter(field_name="created_at")
    action = df.CharFilter(field_name="action")
    objectType = df.CharFilter(field_name="object_type")
    objectId = df.CharFilter(field_name="object_id")

    class Meta:
        model = AuditEntry
        fields: list[str] = []


def entries(user) -> QuerySet[AuditEntry]:
    """Every audit entry, for ADMIN (Forbidden otherwise); the actor is joined."""
    ensure_role(user, policies.AUDIT_READERS)
    return AuditEntry.objects.select_related("actor")
