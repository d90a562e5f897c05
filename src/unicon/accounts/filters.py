"""The user list's filters (ADMIN), shared by `GET /api/users` and the users page."""

import django_filters
from django.db.models import Q

from unicon.accounts.models import User
from unicon.core.filtering import UpperChoiceFilter, YesNoFilter
from unicon.core.roles import Role


class UserFilter(django_filters.FilterSet):
    """`role`, `active` (true/false), `customerId` (public id), `q` (part of the e-mail or
    the name)."""

    role = UpperChoiceFilter(choices=Role.choices)
    active = YesNoFilter(field_name="is_active")
    customerId = django_filters.UUIDFilter(field_name="customer__public_id")
    q = django_filters.CharFilter(method="filter_q", max_length=100)

    class Meta:
        model = User
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        term = value.strip()
        return queryset.filter(Q(email__icontains=term) | Q(full_name__icontains=term))
