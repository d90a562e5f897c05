"""FilterSets of the cost lists, shared by the API and the pages through `core.filtering.apply`
(parameters named as in the API: `dateFrom`): an unknown choice, a bad date or an unknown id
is a 400 VALIDATION_ERROR (API) or a visible error (page), never ignored."""

import django_filters as df
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unicon.core.dates import DayField, end_before_start
from unicon.core.filtering import FilterSet
from unicon.costs import policies
from unicon.costs.models import (
    FuelLog,
    InvoiceSource,
    InvoiceStatus,
    PurchaseInvoice,
    RepairLog,
    ReviewStatus,
)
from unicon.fleet.models import Driver, Vehicle

FROM, TO = gettext_lazy("from"), gettext_lazy("to")


class _ByPublicId(df.ModelChoiceFilter):
    """A related row named by its public UUID (`?vehicle=<uuid>`)."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset=queryset, to_field_name="public_id", **kwargs)


class _LogFilter(FilterSet):
    status = df.ChoiceFilter(choices=ReviewStatus.choices, label=gettext_lazy("status"))
    vehicle = _ByPublicId(Vehicle.objects.all(), label=gettext_lazy("vehicle"))
    driver = _ByPublicId(Driver.objects.all(), label=gettext_lazy("driver"))


class FuelLogFilter(_LogFilter):
    vehicle = _ByPublicId(policies.fuel_vehicles(), label=gettext_lazy("vehicle"))
    dateFrom = df.DateFilter(field_name="filled_at", lookup_expr="date__gte", label=FROM)
    dateTo = df.DateFilter(field_name="filled_at", lookup_expr="date__lte", label=TO)
    flagged = df.BooleanFilter(method="_flagged", label=gettext_lazy("flagged only"))

    class Meta:
        model = FuelLog
        fields = ["status", "vehicle", "driver"]

    def _flagged(self, queryset, name, value):
        flagged = queryset.filter(odometer_backwards=True) | queryset.filter(
            consumption_abnormal=True
        )
        return flagged if value else queryset.exclude(pk__in=flagged.values("pk"))


class RepairLogFilter(_LogFilter):
    dateFrom = df.DateFilter(field_name="repaired_on", lookup_expr="gte", label=FROM)
    dateTo = df.DateFilter(field_name="repaired_on", lookup_expr="lte", label=TO)

    class Meta:
        model = RepairLog
        fields = ["status", "vehicle", "driver"]


class PurchaseInvoiceFilter(FilterSet):
    status = df.ChoiceFilter(choices=InvoiceStatus.choices, label=gettext_lazy("status"))
    source = df.ChoiceFilter(choices=InvoiceSource.choices, label=gettext_lazy("source"))
    vehicle = _ByPublicId(Vehicle.objects.all(), label=gettext_lazy("vehicle"))
    dateFrom = df.DateFilter(field_name="issue_date", lookup_expr="gte", label=FROM)
    dateTo = df.DateFilter(field_name="issue_date", lookup_expr="lte", label=TO)
    q = df.CharFilter(method="_search", label=gettext_lazy("search"))

    class Meta:
        model = PurchaseInvoice
        fields = ["status", "source", "vehicle"]

    def _search(self, queryset, name, value):
        value = value.strip()
        return (
            queryset.filter(number__istartswith=value)
            | queryset.filter(seller_tax_code__startswith=value)
            | queryset.filter(seller_name__icontains=value)
        )


class MarginForm(forms.Form):
    """The period of the margin report (business dates, inclusive) and what counts."""

    date_from = DayField(label=FROM, named=False)
    date_to = DayField(label=TO, named=False)
    include_unconfirmed = forms.BooleanField(
        required=False, label=gettext_lazy("include entries not yet confirmed")
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", end_before_start())
        if start and end and (end - start).days > 366:
            self.add_error("date_to", _("At most one year at a time."))
        return data
