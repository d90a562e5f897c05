"""The fleet lists' filters (legal entities, vehicles, drivers), shared by API and pages."""

import django_filters
from django.db.models import Q

from unicon.core.filtering import SearchFilter, UpperChoiceFilter
from unicon.customers.models import normalise_phone
from unicon.fleet.models import (
    DriverStatus,
    Ownership,
    VehicleStatus,
    VehicleType,
    normalise_plate,
)


class LegalEntityFilter(django_filters.FilterSet):
    """`q`: part of the code or the name."""

    q = SearchFilter("code", "name")


class VehicleFilter(django_filters.FilterSet):
    """`type`, `status`, `ownership`, `q` (part of the plate in any written form:
    51C-123 = 51C123)."""

    type = UpperChoiceFilter(field_name="vehicle_type", choices=VehicleType.choices)
    status = UpperChoiceFilter(choices=VehicleStatus.choices)
    ownership = UpperChoiceFilter(choices=Ownership.choices)
    q = django_filters.CharFilter(method="filter_q", max_length=50)

    def filter_q(self, queryset, name, value):
        plate = normalise_plate(value)
        return queryset.filter(plate__contains=plate) if plate else queryset


class DriverFilter(django_filters.FilterSet):
    """`status`, `q` (part of the name or of the phone)."""

    status = UpperChoiceFilter(choices=DriverStatus.choices)
    q = django_filters.CharFilter(method="filter_q", max_length=100)

    def filter_q(self, queryset, name, value):
        condition = Q(user__full_name__icontains=value.strip())
        if digits := normalise_phone(value.strip()):
            condition |= Q(phone__contains=digits)
        return queryset.filter(condition)
