"""The driver-task list's filters, shared by `GET /api/dispatch/tasks` and the pages."""

import django_filters
from django import forms
from django.db.models import Q

from unicon.core.filtering import UpperChoiceFilter
from unicon.dispatch.models import TaskStatus
from unicon.dispatch.services import business_day


class TaskFilter(django_filters.FilterSet):
    """`driver` (public id), `vehicle` (public id of the tractor or the trailer), `date`
    (YYYY-MM-DD: tasks whose planned window meets that business day), `status`."""

    driver = django_filters.UUIDFilter(field_name="driver__public_id")
    vehicle = django_filters.UUIDFilter(method="filter_vehicle")
    date = django_filters.DateFilter(method="filter_date", widget=forms.TextInput)
    status = UpperChoiceFilter(choices=TaskStatus.choices)

    def filter_vehicle(self, queryset, name, value):
        return queryset.filter(Q(tractor__public_id=value) | Q(trailer__public_id=value))

    def filter_date(self, queryset, name, value):
        return queryset.overlapping(*business_day(value))
