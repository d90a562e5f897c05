"""One FilterSet per billing list, shared by the API and the pages.

`apply()` turns an invalid filter (unknown choice, bad date, unknown id) into
`ValidationFailed` (400 VALIDATION_ERROR in the API, a visible error on the page).
"""

import django_filters as df
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _l

from unicon.billing.models import (
    Charge,
    ChargeKind,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    Payment,
    PaymentMethod,
    Receivable,
    ReceivableStatus,
    Statement,
    StatementStatus,
    Tariff,
)
from unicon.core.filtering import FilterSet, apply  # noqa: F401  (billing lists, pages and API share it)
from unicon.customers.models import Customer
from unicon.fleet.models import LegalEntity
from unicon.shipments.models import Shipment


def _customer_filter(field: str = "customer") -> df.ModelChoiceFilter:
    return df.ModelChoiceFilter(
        field_name=field, queryset=Customer.objects.all(), to_field_name="public_id"
    )


class TariffFilter(FilterSet):
    ORDER = ["-valid_from", "-id"]  # keyset order of the list (indexed)
    customer = _customer_filter()
    default = df.BooleanFilter(field_name="customer", lookup_expr="isnull", label=_l("default"))
    type = df.CharFilter(field_name="shipment_type")
    activeOn = df.DateFilter(method="_active_on", label=_l("valid on"))

    class Meta:
        model = Tariff
        fields: list[str] = []

    def _active_on(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(valid_from__lte=value).exclude(valid_to__lt=value)


class ChargeFilter(FilterSet):
    ORDER = ["-id"]  # keyset order of the list (indexed)
    customer = _customer_filter("shipment__customer")
    shipment = df.UUIDFilter(field_name="shipment__public_id")
    kind = df.ChoiceFilter(choices=ChargeKind.choices)
    invoiced = df.BooleanFilter(method="_invoiced")

    class Meta:
        model = Charge
        fields: list[str] = []

    def _invoiced(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        live = InvoiceLine.objects.filter(charge=OuterRef("pk"), live=True)
        return queryset.filter(Exists(live)) if value else queryset.exclude(Exists(live))


class StatementFilter(FilterSet):
    ORDER = ["-period_end", "-id"]  # keyset order of the list (indexed)
    customer = _customer_filter()
    status = df.ChoiceFilter(choices=StatementStatus.choices)
    periodFrom = df.DateFilter(field_name="period_end", lookup_expr="gte")
    periodTo = df.DateFilter(field_name="period_start", lookup_expr="lte")

    class Meta:
        model = Statement
        fields: list[str] = []


class InvoiceFilter(FilterSet):
    ORDER = ["-created_at", "-id"]  # keyset order of the list (indexed)
    customer = _customer_filter()
    status = df.ChoiceFilter(choices=InvoiceStatus.choices)
    seller = df.ModelChoiceFilter(
        field_name="legal_entity", queryset=LegalEntity.objects.all(), to_field_name="public_id"
    )
    dateFrom = df.DateFilter(field_name="issue_date", lookup_expr="gte")
    dateTo = df.DateFilter(field_name="issue_date", lookup_expr="lte")

    class Meta:
        model = Invoice
        fields: list[str] = []


class UnbilledFilter(FilterSet):
    ORDER = ["-actual_end", "-id"]  # keyset order of the list (indexed)
    """Delivered shipments without a live invoice (the accounting home's first list)."""

    customer = _customer_filter()

    class Meta:
        model = Shipment
        fields: list[str] = []


class ReceivableFilter(FilterSet):
    ORDER = ["due_date", "id"]  # oldest due first
    customer = _customer_filter()
    status = df.ChoiceFilter(choices=ReceivableStatus.choices)
    dueFrom = df.DateFilter(field_name="due_date", lookup_expr="gte")
    dueTo = df.DateFilter(field_name="due_date", lookup_expr="lte")

    class Meta:
        model = Receivable
        fields: list[str] = []


class PaymentFilter(FilterSet):
    ORDER = ["-paid_on", "-id"]
    customer = _customer_filter()
    method = df.ChoiceFilter(choices=PaymentMethod.choices)
    dateFrom = df.DateFilter(field_name="paid_on", lookup_expr="gte")
    dateTo = df.DateFilter(field_name="paid_on", lookup_expr="lte")

    class Meta:
        model = Payment
        fields: list[str] = []
