"""The fleet lists' filters (legal entities, vehicles, drivers), shared by API and pages."""

import django_filters
from django.db.models import Q

from unicon.core.filtering import FilterSet, SearchFilter, UpperChoiceFilter
from unicon.core.phones import phone_search_forms
from unicon.core.text import search_condition
from unicon.fleet.models import (
    DriverStatus,
    Ownership,
    VehicleStatus,
    VehicleType,
    normalise_plate,
)


class LegalEntityFilter(FilterSet):
    """`q`: words of the code or the name, accents ignored."""

    q = SearchFilter()


class VehicleFilter(FilterSet):
    """`type`, `status`, `ownership`, `q` (part of the plate in any written form:
    51C-123 = 51C123)."""

    type = UpperChoiceFilter(field_name="vehicle_type", choices=VehicleType.choices)
    status = UpperChoiceFilter(choices=VehicleStatus.choices)
    ownership = UpperChoiceFilter(choices=Ownership.choices)
    q = django_filters.CharFilter(method="filter_q", max_length=50)

    def filter_q(self, queryset, name, value):
        plate = normalise_plate(value)
        return queryset.filter(plate__contains=plate) if plate else queryset


class DriverFilter(FilterSet):
    """`status`, `q` (words of the name or e-mail, accents ignored, or part of the phone in any
    written form: `+84 912…` = `0912…`)."""

    status = UpperChoiceFilter(choices=DriverStatus.choices)
    q = django_filters.CharFilter(method="filter_q", max_length=100)

    def filter_q(self, queryset, name, value):
        condition = search_condition(value, "user__search_text")
        if condition is None:
            return queryset
        for form in phone_search_forms(value):
            condition |= Q(phone__contains=form)
        return queryset.filter(condition)
