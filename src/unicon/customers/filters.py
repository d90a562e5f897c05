"""The customer and location lists' filters, shared by the API and the pages."""

import django_filters

from unicon.core.filtering import SearchFilter, UpperChoiceFilter, YesNoFilter
from unicon.customers.models import CustomerStatus, LocationKind


class CustomerFilter(django_filters.FilterSet):
    """`status` (ACTIVE/INACTIVE), `q` (words of the code, name or phone, accents
    ignored)."""

    status = UpperChoiceFilter(choices=CustomerStatus.choices)
    q = SearchFilter()


class LocationFilter(django_filters.FilterSet):
    """`kind`, `customer` (public id: that customer's own), `shared` (true: shared only;
    false: customers' own only), `q` (words of the name, address, province or
    contact, accents ignored: `phuoc long` finds `ICD Phước Long`)."""

    kind = UpperChoiceFilter(choices=LocationKind.choices)
    customer = django_filters.UUIDFilter(field_name="customer__public_id")
    shared = YesNoFilter(field_name="customer", lookup_expr="isnull")
    q = SearchFilter()
