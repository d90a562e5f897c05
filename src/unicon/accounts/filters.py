"""The user list's filters (ADMIN), shared by `GET /api/users` and the users page."""

import django_filters

from unicon.core.filtering import FilterSet, SearchFilter, UpperChoiceFilter, YesNoFilter
from unicon.core.roles import Role


class UserFilter(FilterSet):
    """`role`, `active` (true/false), `customerId` (public id), `q` (words of the e-mail or
    the name, accents ignored, or the phone)."""

    role = UpperChoiceFilter(choices=Role.choices)
    active = YesNoFilter(field_name="is_active")
    customerId = django_filters.UUIDFilter(field_name="customer__public_id")
    q = SearchFilter()
