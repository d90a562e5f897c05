"""The customer and location lists' filters, shared by the API and the pages."""

import django_filters
from django.db.models import Q

from unicon.core.filtering import UpperChoiceFilter, YesNoFilter
from unicon.customers.models import Customer, CustomerStatus, Location, LocationKind


class CustomerFilter(django_filters.FilterSet):
    """`status` (ACTIVE/INACTIVE), `q` (part of the code or the name)."""

    status = UpperChoiceFilter(choices=CustomerStatus.choices)
    q = django_filters.CharFilter(method="filter_q", max_length=100)

    class Meta:
        model = Customer
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        term = value.strip()
        return queryset.filter(Q(code__icontains=term) | Q(name__icontains=term))


class LocationFilter(django_filters.FilterSet):
    """`kind`, `customer` (public id: that customer's own), `shared` (true: shared only;
    false: customers' own only), `q` (part of the name or the address)."""

    kind = UpperChoiceFilter(choices=LocationKind.choices)
    customer = django_filters.UUIDFilter(field_name="customer__public_id")
    shared = YesNoFilter(field_name="customer", lookup_expr="isnull")
    q = django_filters.CharFilter(method="filter_q", max_length=100)

    class Meta:
        model = Location
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        term = value.strip()
        return queryset.filter(Q(name__icontains=term) | Q(address__icontains=term))
