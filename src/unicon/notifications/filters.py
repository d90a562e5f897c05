"""The notification list's filters (one FilterSet for the API and the page)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from unicon.core.errors import ValidationFailed
from unicon.core.filtering import FilterSet
from unicon.notifications import catalogue
from unicon.notifications.models import Notification


def _type_choices():
    return [(code, kind.label) for code, kind in catalogue.EVENT_TYPES.items()]


class NotificationFilter(FilterSet):
    unread = django_filters.BooleanFilter(
        field_name="read_at",
        lookup_expr="isnull",
        label=_("Show"),
        widget=forms.Select(choices=[("", _("All")), ("true", _("Unread only"))]),
    )
    type = django_filters.ChoiceFilter(choices=_type_choices, label=_("Event"))

    class Meta:
        model = Notification
        fields = ["unread", "type"]


def filtered(data, queryset):
    """The filtered queryset; ValidationFailed (400) with the field errors for bad values."""
    filterset = NotificationFilter(data, queryset=queryset)
    if not filterset.is_valid():
        raise ValidationFailed(
            str(_("Invalid filter.")),
            {field: [str(e) for e in errors] for field, errors in filterset.errors.items()},
        )
    return filterset.qs
