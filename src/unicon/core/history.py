"""The audit trail read back for people: which fields changed, from what to what.

`describe(object_type, changes)` turns an audit entry's `changes` ({attname: [old, new]})
into lines with the field's translated label and both values formatted for the pages: dates
dd/mm/yyyy HH:mm in the business time zone, choices by their label, amounts in đồng grouped
(`1.250.000 ₫`), yes/no, references by their name. `list_audit` is the query behind the
audit history page (ADMIN, OPS) and can serve an API: filters by object, user and date,
keyset-paginated, newest first.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import django_filters
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unicon.core import display, policies
from unicon.core.actions import ACTIONS
from unicon.core.audit import MASK
from unicon.core.errors import ValidationFailed
from unicon.core.filtering import FilterSet, FromFilter, ToFilter
from unicon.core.filtering import apply as apply_filters
from unicon.core.ids import as_uuid
from unicon.core.models import AuditEntry
from unicon.core.pagination import DEFAULT_LIMIT, Page, keyset_page

#: Fields never shown as a change (bookkeeping, not business data).
HIDDEN = frozenset({"id", "public_id", "version", "search_text", "shipment_id", "created_at"})
#: The objects whose history has a page: URL name → model label.
OBJECT_TYPES = {
    "shipment": "shipments.shipment",
    "customer": "customers.customer",
    "vehicle": "fleet.vehicle",
    "driver": "fleet.driver",
    "user": "accounts.user",
}
_MONEY_WORDS = ("amount", "price", "cost", "total", "vnd", "fee", "rate", "balance")
_VERBS = {
    "create": gettext_lazy("created"),
    "update": gettext_lazy("changed"),
    "delete": gettext_lazy("deleted"),
}


#: {(object_type, attname): formatter} for values stored as codes or data labels that only
#: their app can name (a shipment type, a stop purpose); see `register_value`.
_VALUE_FORMATS: dict[tuple[str, str], Any] = {}
#: {object_type: (name(row), select_related)} for objects whose `str()` is not for people.
_NAMERS: dict[str, tuple[Any, tuple[str, ...]]] = {}


def register_value(object_type: str, attname: str, formatter) -> None:
    """Show `attname` of `object_type` (e.g. "shipments.shipment", "shipment_type") through
    `formatter(value) -> str` in the reader's language (apps call this in `ready()`)."""
    _VALUE_FORMATS[(object_type, attname)] = formatter


def register_name(object_type: str, name, related: tuple[str, ...] = ()) -> None:
    """Name the rows of `object_type` on the audit page with `name(row) -> str` (rows read
    with `select_related(*related)`), instead of the `str()` stored when the entry was
    written."""
    _NAMERS[object_type] = (name, related)


@dataclass(frozen=True)
class Change:
    """One changed field: its label and the old and new values as text ("—" when empty)."""

    field: str
    label: str
    old: str
    new: str


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, attname: str) -> models.Field | None:
    if model is None:
        return None
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field
    try:
        return model._meta.get_field(attname)
    except FieldDoesNotExist:
        return None


def _money(field: models.Field) -> bool:
    if not isinstance(field, models.IntegerField | models.DecimalField):
        return False
    return any(w in field.name for w in _MONEY_WORDS)


def format_moment(value: Any) -> str:
    """An ISO datetime (UTC or aware) → dd/mm/yyyy HH:mm in the business time zone; an ISO
    date → dd/mm/yyyy."""
    text = str(value)
    moment = parse_datetime(text) if "T" in text or " " in text else None
    if moment is not None:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, dt.UTC)
        return display.vndatetime(moment)
    day = parse_date(text)
    return day.strftime("%d/%m/%Y") if day else text


def _value(field: models.Field | None, value: Any, names: dict) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if value == MASK:
        return MASK
    if field is None:
        return str(value)
    if field.is_relation:
        return names.get((field.related_model, value), f"#{value}")
    if field.choices:
        labels = {str(k): str(v) for k, v in field.flatchoices}
        return labels.get(str(value), str(value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(field, models.DateTimeField | models.DateField):
        return format_moment(value)
    if _money(field):
        return display.vnd(value)
    if isinstance(value, list):
        return ", ".join(_choice_label(v) for v in value)
    return str(value)


def _choice_label(value: Any) -> str:
    """A list item (e.g. a required photo type) by its label when it is a known code."""
    from unicon.shipments.models import PhotoType  # a list of photo types is the common list

    return str(PhotoType(value).label) if value in PhotoType.values else str(value)


def _names(pairs: Iterable[tuple[type[models.Model], Any]]) -> dict:
    """{(model, pk): str(row)} for every referenced row, one query per referenced model."""
    wanted: dict[type[models.Model], set] = {}
    for model, pk in pairs:
        wanted.setdefault(model, set()).add(pk)
    names = {}
    for model, pks in wanted.items():
        for row in model._base_manager.filter(pk__in=pks):
            names[(model, row.pk)] = str(row)
    return names


def describe_many(entries: Iterable[tuple[str, dict]]) -> list[list[Change]]:
    """`describe` for several (object_type, changes) at once: references are named with one
    query per referenced model for all of them."""
    entries = list(entries)
    refs = []
    for object_type, changes in entries:
        model = _model(object_type)
        for attname, pair in (changes or {}).items():
            field = _field(model, attname)
            if field is not None and field.is_relation and isinstance(pair, list):
                refs += [(field.related_model, v) for v in pair if v not in (None, MASK)]
    names = _names(refs)
    result = []
    for object_type, changes in entries:
        model = _model(object_type)
        lines = []
        for attname, pair in (changes or {}).items():
            if attname in HIDDEN or not isinstance(pair, list) or len(pair) != 2:
                continue
            field = _field(model, attname)
            label = str(field.verbose_name) if field is not None else attname
            special = _VALUE_FORMATS.get((object_type, attname))
            if special is not None:
                old, new = (special(v) if v not in (None, "", MASK) else "—" for v in pair)
            else:
                old, new = (_value(field, v, names) for v in pair)
            if old == new and old != MASK:  # e.g. an empty field of a new row
                continue
            lines.append(Change(attname, label[:1].upper() + label[1:], old, new))
        result.append(lines)
    return result


def describe(object_type: str, changes: dict) -> list[Change]:
    """The changed fields of one audit entry, labelled and formatted (see the module doc)."""
    return describe_many([(object_type, changes)])[0]


def action_label(entry: AuditEntry) -> str:
    """A person's name for the entry's action: a known one, else "<object> created/changed/
    deleted", else the code itself."""
    if entry.action in ACTIONS:
        return str(ACTIONS[entry.action])
    verb = _VERBS.get(entry.action.rpartition(".")[2])
    model = _model(entry.object_type)
    if verb and model is not None:
        name = str(model._meta.verbose_name)
        return f"{name[:1].upper()}{name[1:]}: {verb}"
    return entry.action


def entries_by_id(ids: Iterable[int]) -> dict[int, AuditEntry]:
    """{id: entry} with `lines` (the described changes) attached, in one query (plus one per
    referenced model)."""
    rows = list(AuditEntry.objects.filter(pk__in=set(ids)))
    _attach(rows)
    return {row.pk: row for row in rows}


def _attach(rows: list[AuditEntry]) -> None:
    described = describe_many((r.object_type, r.changes) for r in rows)
    names = _object_names(rows)
    for row, lines in zip(rows, described, strict=True):
        row.lines = lines
        row.label = action_label(row)
        row.name = names.get((row.object_type, row.object_id), row.object_repr)


def _object_names(rows: list[AuditEntry]) -> dict[tuple[str, str], str]:
    """People's names of the entries' objects that registered a namer (one query per type)."""
    wanted: dict[str, set[str]] = {}
    for row in rows:
        if row.object_type in _NAMERS and row.object_id.isdigit():
            wanted.setdefault(row.object_type, set()).add(row.object_id)
    names = {}
    for object_type, ids in wanted.items():
        name, related = _NAMERS[object_type]
        model = _model(object_type)
        for obj in model._base_manager.select_related(*related).filter(pk__in=ids):
            names[(object_type, str(obj.pk))] = name(obj)
    return names


# --------------------------------------------------------------------------- the audit list


class AuditFilter(FilterSet):
    """`objectType` + `objectId` (a public id; see `OBJECT_TYPES`), `user` (an e-mail or a
    user's public id: what that user did), `dateFrom`/`dateTo` (business days or moments)."""

    objectType = django_filters.ChoiceFilter(
        choices=[(k, k) for k in OBJECT_TYPES], method="filter_none"
    )
    objectId = django_filters.UUIDFilter(method="filter_none")
    user = django_filters.CharFilter(method="filter_user", max_length=254)
    dateFrom = FromFilter(field_name="created_at")
    dateTo = ToFilter(field_name="created_at")

    def filter_none(self, queryset, name, value):
        return queryset  # applied together in `filter_queryset`

    def filter_user(self, queryset, name, value):
        value = value.strip()
        users = get_user_model()._base_manager
        public_id = as_uuid(value)
        if public_id is not None:
            user = users.filter(public_id=public_id).first()
        else:
            user = users.filter(email=value.lower()).first()
        if user is None:
            raise ValidationFailed(_("No such user."), {"user": [_("No such user.")]})
        return queryset.filter(actor_id=user.pk)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        kind, public_id = (
            self.form.cleaned_data.get("objectType"),
            self.form.cleaned_data.get("objectId"),
        )
        if bool(kind) != bool(public_id):
            raise ValidationFailed(
                _("Give both the object type and its id."),
                {"objectType" if not kind else "objectId": [_("Required.")]},
            )
        if kind:
            label = OBJECT_TYPES[kind]
            row = _model(label)._base_manager.filter(public_id=public_id).first()
            if row is None:
                raise ValidationFailed(_("No such object."), {"objectId": [_("Not found.")]})
            queryset = queryset.filter(object_type=label, object_id=str(row.pk))
        return queryset


def audit_subject(object_type: str, public_id) -> str:
    """The name of the object whose history is shown ("" when none or unknown)."""
    label = OBJECT_TYPES.get(object_type)
    if not label or not public_id:
        return ""
    public_id = as_uuid(public_id)
    row = _model(label)._base_manager.filter(public_id=public_id).first() if public_id else None
    return f"{_model(label)._meta.verbose_name}: {row}" if row else ""


def list_audit(
    user, filters=None, *, limit: int = DEFAULT_LIMIT, cursor: str | None = None
) -> Page:
    """Audit entries newest first (keyset on created_at, id), each with `lines` (the changed
    fields, described) and `label` (the action's name). ADMIN and OPS only
    (`core.policies.may_read_audit`); an invalid filter raises `ValidationFailed`."""
    policies.may_read_audit(user).enforce()
    entries = apply_filters(AuditFilter, filters, AuditEntry.objects.select_related("actor"))
    page = keyset_page(entries, ["-created_at", "-id"], limit, cursor)
    _attach(page.items)
    return page
