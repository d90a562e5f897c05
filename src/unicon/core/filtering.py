"""django-filter glue shared by every list: one FilterSet per list, used by the API and the
pages alike. A value the FilterSet cannot read (unknown choice, bad date, bad id), a day
outside `core.dates`' range (01/01/2000–31/12/2099) or a `…To` before its `…From` is a
`ValidationFailed` (API: 400 VALIDATION_ERROR; pages: the message above the list), never
a silently ignored filter nor a server error."""

import copy
import datetime as dt
from collections.abc import Iterable, Mapping

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from unicon.core import dates, readable
from unicon.core.errors import ValidationFailed
from unicon.core.text import search_condition


class _SharedFields(dict):
    """A filter form's fields, shared by its instances: the fields are only read (they clean
    query parameters), so Django's per-instance deep copy of every field is skipped."""

    def __deepcopy__(self, memo):
        return dict(self)


_FORM_CLASSES: dict[tuple[type, str | None], type[forms.Form]] = {}


def _own_copy(filter_: django_filters.Filter) -> django_filters.Filter:
    copied = copy.copy(filter_)
    if filter_.method is not None:
        copied.method = filter_.method  # binds the method to this copy's parent FilterSet
    return copied


class FilterSet(django_filters.FilterSet):
    """django-filter's FilterSet, cheap to create per request: the shared base of every list's
    filters.

    django-filter deep-copies every filter, builds a new form class (labels, choices) and
    deep-copies its fields for each FilterSet it creates: about 1 ms of CPU per list request,
    more than the list's SQL. Here each filter is copied shallowly (filters keep no per-request
    state but their parent and model) and the form class is built once per FilterSet class and
    language (its labels are translated) and its fields are shared.
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: _own_copy(f) for name, f in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = queryset.model
            filter_.parent = self

    def get_form_class(self) -> type[forms.Form]:
        key = (type(self), translation.get_language())
        form_class = _FORM_CLASSES.get(key)
        if form_class is None:
            form_class = super().get_form_class()
            fields = form_class.base_fields
            for name, field in fields.items():
                if isinstance(field, forms.DateField) and not isinstance(field, dates.DayField):
                    # django-filter's DateFilter: the same reading and range as the pages'
                    fields[name] = dates.DayField(named=False, required=False, label=field.label)
            form_class.base_fields = _SharedFields(fields)
            form_class.clean = _ordered_ranges
            _FORM_CLASSES[key] = form_class
        return form_class


def _ordered_ranges(form: forms.Form) -> dict:
    """A filter form's `clean`: each `<x>To` (dateTo, periodTo, dueTo) that is before its
    `<x>From` is an error on the `<x>To` parameter."""
    data = forms.Form.clean(form)
    for name in list(data):
        if not name.endswith("From"):
            continue
        end_name = name.removesuffix("From") + "To"
        start, end = data.get(name), data.get(end_name)
        if start is None or end is None or end_name in form.errors:
            continue
        if day_start(start) > day_end(end):
            form.add_error(end_name, dates.end_before_start())
    return data


#: The name people read for a query parameter, in the page's error line ("From date: …", not
#: "dateFrom: …"). A filter's own `label=` wins; an undeclared name is shown as it is.
PARAMETER_LABELS = {
    "dateFrom": pgettext_lazy("filter", "From date"),
    "dateTo": pgettext_lazy("filter", "To date"),
    "periodFrom": pgettext_lazy("filter", "Period from"),
    "periodTo": pgettext_lazy("filter", "Period to"),
    "date": pgettext_lazy("filter", "Date"),
    "from": pgettext_lazy("filter", "From date"),
    "days": pgettext_lazy("filter", "Days"),
    "status": pgettext_lazy("filter", "Status"),
    "review": pgettext_lazy("filter", "Review"),
    "customer": pgettext_lazy("filter", "Customer"),
    "type": pgettext_lazy("filter", "Type"),
    "q": pgettext_lazy("filter", "Search"),
    "vehicle": pgettext_lazy("filter", "Tractor"),
    "driver": pgettext_lazy("filter", "Driver"),
    "method": pgettext_lazy("filter", "Method"),
    "seller": pgettext_lazy("filter", "Seller"),
    "source": pgettext_lazy("filter", "Source"),
}

#: A day that cannot be read: in the format the pages show (their date inputs send it).
DATE_INVALID = dates.DATE_INVALID


def apply(
    filterset_class: type[django_filters.FilterSet], data, queryset: QuerySet, **fixed
) -> QuerySet:
    """`queryset` filtered by `data` (a QueryDict or dict of query parameters) and `fixed`
    (filters the caller imposes, e.g. a page that lists only DELIVERED shipments).

    Raises `ValidationFailed` with `details` {parameter: [message, …]} when a value is
    invalid. Parameters the FilterSet does not declare are ignored (limit, cursor, …).
    """
    values = data.dict() if hasattr(data, "dict") else dict(data or {})
    values.update({k: v for k, v in fixed.items() if v is not None})
    filterset = filterset_class(values, queryset=queryset)
    if not filterset.is_valid():
        # only labels a FilterSet declares (django-filter's generated ones read "planned start
        # is greater than or equal to"); the base filters are never bound to a model
        declared = filterset.base_filters.items()
        labels = {name: f._label for name, f in declared if getattr(f, "_label", None)}
        raise refused(filterset.errors, labels)
    return filterset.qs


def refused(
    errors: Mapping[str, Iterable], labels: Mapping[str, str] | None = None
) -> ValidationFailed:
    """The 400 of invalid filters, as `apply` raises it: `details` {parameter: [message, …]}
    (for a list or report whose parameters a plain form reads). `labels`: the names people
    read for the parameters, used by `errors_of` (default `PARAMETER_LABELS`)."""
    exc = ValidationFailed(
        _("Some filters are invalid."),
        {name: [str(m) for m in messages] for name, messages in errors.items()},
    )
    exc.labels = dict(labels or {})
    return exc


def label_of(name: str, labels: Mapping[str, str] | None = None) -> str:
    """The human name of query parameter `name` (capitalised, in the user's language; an
    undeclared one by `core.readable`'s common or generic name, never the raw parameter)."""
    return readable.label_for(name, {**PARAMETER_LABELS, **(labels or {})})


def errors_of(exc: ValidationFailed) -> str:
    """A page's one-line text for a refused filter: each field's human name and reason
    ("Some filters are invalid. From date: Enter a real day as dd/mm/yyyy."), the message
    alone when it is the only reason (never the same sentence twice; `core.readable.text`)."""
    labels = getattr(exc, "labels", None) or {}
    return readable.text(exc, {**PARAMETER_LABELS, **labels})


class UpperChoiceField(forms.ChoiceField):
    """A choice given in any case (`export` = `EXPORT`)."""

    def to_python(self, value):
        return super().to_python(value).strip().upper()


class UpperChoiceFilter(django_filters.ChoiceFilter):
    field_class = UpperChoiceField


class ChoiceListField(forms.MultipleChoiceField):
    """Comma-separated choices in one parameter (`status=DRAFT,PENDING`), any case."""

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, list | tuple):
            value = ",".join(value)
        return [v.strip().upper() for v in str(value).split(",") if v.strip()]


class TextWidgetMixin:
    """A query parameter read as plain text (not a select's or checkbox's widget rules)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class ChoiceListFilter(TextWidgetMixin, django_filters.MultipleChoiceFilter):
    field_class = ChoiceListField

    def __init__(self, *args, **kwargs):
        # a plain column cannot repeat a row; django-filter's default DISTINCT made PostgreSQL
        # sort every matching shipment before the page limit (1 M shipments: 2.4 → 8.8 ms)
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class DayOrMomentField(forms.Field):
    """A date (a whole business day) or a datetime (naive = business time zone): ISO or
    dd/mm/yyyy [HH:mm] (`core.dates`), as the pages' date inputs send them; within
    `core.dates`' range."""

    default_error_messages = {"invalid": DATE_INVALID}

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip()
        day = dates.parse_date(text)
        if day is not None:
            return day
        moment = dates.parse_datetime(text)
        if moment is None:
            if dates.looks_too_far(text):
                raise forms.ValidationError(dates.refusal_text(), code="out_of_range")
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return moment

    def validate(self, value) -> None:
        super().validate(value)
        message = dates.refusal(value)
        if message is not None:
            raise forms.ValidationError(message, code="out_of_range")

    def clean(self, value):
        value = super().clean(value)
        # aware only once within the range: near the ends of the calendar the business
        # time zone cannot be reached (OverflowError)
        return (
            timezone.make_aware(value)
            if isinstance(value, dt.datetime) and timezone.is_naive(value)
            else value
        )


def day_start(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return timezone.make_aware(dt.datetime.combine(value, dt.time.min))


def day_end(value: dt.date | dt.datetime) -> dt.datetime:
    """Inclusive upper bound: a date means the whole business day."""
    if isinstance(value, dt.datetime):
        return value
    return timezone.make_aware(dt.datetime.combine(value, dt.time.max))


class FromFilter(django_filters.Filter):
    """`field >= start of the day` (or the moment)."""

    field_class = DayOrMomentField

    def filter(self, qs, value):
        return qs if value is None else qs.filter(**{f"{self.field_name}__gte": day_start(value)})


class ToFilter(django_filters.Filter):
    """`field <= end of the day` (or the moment)."""

    field_class = DayOrMomentField

    def filter(self, qs, value):
        return qs if value is None else qs.filter(**{f"{self.field_name}__lte": day_end(value)})


class YesNoField(forms.Field):
    """`true`/`false` (also 1/0, yes/no, any case); anything else is an error, not "all"."""

    default_error_messages = {"invalid": gettext_lazy("Enter true or false.")}
    VALUES = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return self.VALUES[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class YesNoFilter(TextWidgetMixin, django_filters.BooleanFilter):
    field_class = YesNoField


class SearchFilter(django_filters.CharFilter):
    """`q`: words found in the model's folded search column, ignoring accents, case and đ/Đ
    (`phuoc long` finds `ICD Phước Long`), or a phone number in any written form
    (`unicon.core.text.search_condition`). `field`: the folded column, `search_text` by default
    (`user__search_text` to search a related user)."""

    def __init__(self, field: str = "search_text", **kwargs):
        kwargs.setdefault("max_length", 100)
        super().__init__(**kwargs)
        self.search_field = field

    def filter(self, qs, value):
        condition = search_condition(value, self.search_field)
        return qs if condition is None else qs.filter(condition)
