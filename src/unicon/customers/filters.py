"""The customer and location lists' filters, shared by the API and the pages."""

import django_filters
from django.db.models import Q

from unicon.core.filtering import FilterSet, SearchFilter, UpperChoiceFilter, YesNoFilter
from unicon.core.text import search_condition
from unicon.customers.models import CustomerStatus, Location, LocationKind


class CustomerFilter(FilterSet):
    """`status` (ACTIVE/INACTIVE), `q` (words of the code, name or phone, accents
    ignored)."""

    status = UpperChoiceFilter(choices=CustomerStatus.choices)
    q = SearchFilter()


class LocationFilter(FilterSet):
    """`kind`, `customer` (public id: that customer's own), `shared` (true: shared only;
    false: customers' own only), `q` (words of the name, address, province or
    contact, accents ignored: `phuoc long` finds `ICD Phước Long`)."""

    kind = UpperChoiceFilter(choices=LocationKind.choices)
    customer = django_filters.UUIDFilter(field_name="customer__public_id")
    shared = YesNoFilter(field_name="customer", lookup_expr="isnull")
    q = SearchFilter()


class DistanceFilter(FilterSet):
    """`location` (public id): the distances from or to that place; `q`: words of either
    end's name (accents ignored)."""

    ORDER = ["id"]
    location = django_filters.UUIDFilter(method="_touching")
    q = django_filters.CharFilter(method="_named")

    def _touching(self, queryset, name, value):
        return queryset.filter(Q(origin__public_id=value) | Q(destination__public_id=value))

    def _named(self, queryset, name, value):
        condition = search_condition(value)
        if condition is None:
            return queryset
        places = Location.objects.filter(condition)
        return queryset.filter(Q(origin__in=places) | Q(destination__in=places))
