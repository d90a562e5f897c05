"""The driver-task list's and the board's filters, shared by the API and the pages."""

import django_filters
from django import forms
from django.db.models import Q

from unicon.core.filtering import FilterSet, UpperChoiceFilter
from unicon.core.text import search_condition
from unicon.dispatch.models import TaskStatus
from unicon.dispatch.services import business_day
from unicon.fleet.models import Driver, Ownership, VehicleStatus, normalise_plate


class TaskFilter(FilterSet):
    """`driver` (public id), `vehicle` (public id of the tractor or the trailer), `date`
    (ISO or dd/mm/yyyy: tasks whose planned window meets that business day), `status`."""

    driver = django_filters.UUIDFilter(field_name="driver__public_id")
    vehicle = django_filters.UUIDFilter(method="filter_vehicle")
    date = django_filters.DateFilter(method="filter_date", widget=forms.TextInput)
    status = UpperChoiceFilter(choices=TaskStatus.choices)

    def filter_vehicle(self, queryset, name, value):
        return queryset.filter(Q(tractor__public_id=value) | Q(trailer__public_id=value))

    def filter_date(self, queryset, name, value):
        return queryset.overlapping(*business_day(value))


class BoardFilter(FilterSet):
    """The board's tractor rows: `q` (part of the plate in any written form, or words of the
    owner's code/name, the rental company or the regular driver's name), `status` (IN_USE,
    MAINTENANCE, OUT_OF_SERVICE), `owner` (a legal entity's code, or RENTAL for rented
    tractors)."""

    q = django_filters.CharFilter(method="filter_q", max_length=100)
    status = UpperChoiceFilter(choices=VehicleStatus.choices)
    owner = django_filters.CharFilter(method="filter_owner", max_length=20)

    def filter_q(self, queryset, name, value):
        words = Q()
        if plate := normalise_plate(value):
            words |= Q(plate__contains=plate)
        for field in ("owner__code", "owner__name", "rental_company"):
            words |= Q(**{f"{field}__icontains": value.strip()})
        drivers = search_condition(value, "user__search_text")
        if drivers is not None:
            words |= Q(pk__in=Driver.objects.filter(drivers).values("default_tractor_id"))
        return queryset.filter(words)

    def filter_owner(self, queryset, name, value):
        value = value.strip().upper()
        if value == Ownership.RENTAL:
            return queryset.filter(ownership=Ownership.RENTAL)
        return queryset.filter(ownership=Ownership.OWN, owner__code__iexact=value)
