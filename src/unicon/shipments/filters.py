"""The shipment list's filters, shared by `GET /api/shipments` and the ops / customer / accounting
list pages (one FilterSet, the API's parameter names)."""

from collections.abc import Callable

import django_filters
from django.db.models import Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from unicon.core.errors import ValidationFailed
from unicon.core.filtering import (
    ChoiceListFilter,
    FilterSet,
    FromFilter,
    ToFilter,
    UpperChoiceFilter,
)
from unicon.core.text import search_condition
from unicon.customers.models import Customer
from unicon.shipments.models import (
    DocumentStatus,
    FinancialStatus,
    OperationStatus,
    Priority,
    ReviewStatus,
    StopTemplate,
)
from unicon.shipments.validators import normalise_container_number

ListFilter = Callable[[QuerySet, str], QuerySet]
_LIST_FILTERS: dict[str, ListFilter] = {}


def register_list_filter(name: str, apply: ListFilter) -> None:
    """Let another app add a filter to the shipment list (e.g. dispatch's `vehicle`,
    `driver`): `apply(queryset, value)` returns the filtered queryset."""
    _LIST_FILTERS[name] = apply


def _template_codes() -> list[tuple[str, str]]:
    return list(StopTemplate.objects.values_list("code", "name"))


def customers_matching(q: str) -> list[int]:
    """Row ids of the customers whose folded code or name matches `q`, read first so that the
    shipment query gets a literal id list: PostgreSQL then ORs an index scan of
    shp_customer_start with the prefix indexes instead of filtering every shipment."""
    condition = search_condition(q)
    if condition is None:
        return []
    return list(Customer.objects.filter(condition).values_list("pk", flat=True))


class ShipmentFilter(FilterSet):
    """`status` (comma-separated operation statuses), `documentStatus`, `financialStatus`,
    `priority`, `customer` (public id), `type` (stop template code, any case), `dateFrom` /
    `dateTo` (planned start; a date is the whole business day in Asia/Ho_Chi_Minh), `q`
    (prefix of the shipment, container or booking number), `vehicle` / `driver` (public
    ids, added by dispatch)."""

    status = ChoiceListFilter(field_name="operation_status", choices=OperationStatus.choices)
    documentStatus = UpperChoiceFilter(field_name="document_status", choices=DocumentStatus.choices)
    financialStatus = UpperChoiceFilter(
        field_name="financial_status", choices=FinancialStatus.choices
    )
    priority = UpperChoiceFilter(choices=Priority.choices)
    review = UpperChoiceFilter(field_name="review_status", choices=ReviewStatus.choices)
    customer = django_filters.UUIDFilter(method="filter_customer")
    type = UpperChoiceFilter(field_name="shipment_type", choices=_template_codes)
    dateFrom = FromFilter(field_name="planned_start")
    dateTo = ToFilter(field_name="planned_start")
    q = django_filters.CharFilter(method="filter_q", max_length=50)
    vehicle = django_filters.CharFilter(method="filter_extension", max_length=64)
    driver = django_filters.CharFilter(method="filter_extension", max_length=64)

    def filter_customer(self, queryset, name, value):
        # a scalar subquery, not a join: the planner then walks shp_customer_start in order
        # and stops after one page instead of sorting all of the customer's shipments
        if value is None:
            return queryset
        customer = Customer.objects.filter(public_id=value).values("pk")[:1]
        return queryset.filter(customer_id=Subquery(customer))

    def filter_q(self, queryset, name, value):
        term = (value or "").strip().upper()
        if not term:
            return queryset
        condition = Q(number__startswith=term) | Q(booking_number__startswith=term)
        container = normalise_container_number(term)
        if container:
            condition |= Q(container_number__startswith=container)
        if customers := customers_matching(value):
            condition |= Q(customer_id__in=customers)
        return queryset.filter(condition)

    def filter_extension(self, queryset, name, value):
        if not value:
            return queryset
        if name not in _LIST_FILTERS:
            raise ValidationFailed(
                _("The %(name)s filter is not available.") % {"name": name}, {name: ["unknown"]}
            )
        return _LIST_FILTERS[name](queryset, value)
