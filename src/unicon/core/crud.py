"""Helpers for services that create, edit and delete master data rows.

The rules themselves live on the models (`clean()`, validators, constraints, `on_delete`);
these helpers turn their outcome into the API's errors: a model that does not validate is a
400 `VALIDATION_ERROR` naming each field in camelCase, a delete blocked by a `PROTECT`ed
reference is a 409 `CONFLICT` naming what still refers to the row.
"""

import re
from collections.abc import Iterable
from contextlib import nullcontext
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError, QuerySet, RestrictedError
from django.db.models.deletion import get_candidate_relations_to_delete
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from unicon.core import audit
from unicon.core.errors import Conflict, NotFound, ValidationFailed
from unicon.core.schemas import to_camel


def snake(name: str) -> str:
    """`paymentTerm` → `payment_term` (model field names)."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def snake_keys(data: dict[str, Any]) -> dict[str, Any]:
    return {snake(key): value for key, value in data.items()}


def get_or_404(queryset: QuerySet, public_id, message: str) -> models.Model:
    """The row with this public id among `queryset` (what the user may see), else 404."""
    found = queryset.filter(public_id=public_id).first()
    if found is None:
        raise NotFound(message)
    return found


def reference(queryset: QuerySet, public_id, field: str, message: str) -> models.Model | None:
    """The row a request body refers to by public id (None stays None), else a 400 on `field`."""
    if public_id is None:
        return None
    found = queryset.filter(public_id=public_id).first()
    if found is None:
        raise ValidationFailed(message, {field: ["unknown"]})
    return found


def assign(instance: models.Model, data: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Set model fields from `data` (snake_case names, text stripped of surrounding blanks);
    returns {name: (old, new)} of the fields that change.

    `null` for a field that cannot be empty is refused here, before it reaches the database.
    """
    changed = {}
    for name, value in data.items():
        field = instance._meta.get_field(name)
        if value is None and not field.null:
            raise ValidationFailed(
                _("%(field)s may not be null.") % {"field": human_name(instance, name)},
                {api_name(instance, name): [_("This field may not be null.")]},
            )
        if isinstance(value, str):
            value = value.strip()
        old = getattr(instance, name)
        if old != value:
            changed[name] = (old, value)
        setattr(instance, name, value)
    return changed


def api_name(instance: models.Model, name: str) -> str:
    """The API's name of a model field: camelCase, a relation by its public id (`ownerId`)."""
    if name == NON_FIELD_ERRORS:
        return "nonFieldErrors"
    try:
        relation = instance._meta.get_field(name).is_relation
    except FieldDoesNotExist:
        relation = False
    return to_camel(name) + ("Id" if relation else "")


def human_name(instance: models.Model, name: str) -> str:
    """The name people read for a model field: its verbose name, capitalised, in the active
    language (`full_name` → "Full name"); never the API's or the column's name."""
    try:
        return capfirst(str(instance._meta.get_field(name).verbose_name))
    except FieldDoesNotExist:
        return capfirst(name.replace("_", " "))


def bounded_text(value: str | None, limit: int, field: str, label: Any) -> str:
    """`value` without surrounding blanks ("" for None) when at most `limit` characters,
    else `ValidationFailed` (400) naming `field` (the API's name) and, in the message, the
    field as people read it (`label`) — a longer text is refused, never cut or left to the
    database (PostgreSQL refuses it with an error, SQLite stores it whole)."""
    text = (value or "").strip()
    if len(text) > limit:
        raise ValidationFailed(
            _("%(field)s is too long: at most %(n)s characters (%(count)s given).")
            % {"field": capfirst(str(label)), "n": limit, "count": len(text)},
            {field: [_("At most %(n)s characters.") % {"n": limit}]},
        )
    return text


def validate(instance: models.Model, exclude: Iterable[str] = ()) -> None:
    """Run the model's validation (fields, `clean()`, uniqueness, constraints) or raise a 400:
    `details` keyed by the API's names (`fullName`), the message naming each field as people
    read it ("Full name: This field cannot be blank.")."""
    try:
        instance.full_clean(exclude=list(exclude) or None)
    except ValidationError as exc:
        errors = exc.message_dict.items()
        details = {api_name(instance, name): messages for name, messages in errors}
        summary = "; ".join(
            " ".join(messages)
            if name == NON_FIELD_ERRORS
            else f"{human_name(instance, name)}: {' '.join(messages)}"
            for name, messages in errors
        )
        raise ValidationFailed(summary, details) from exc


def save(instance: models.Model, label: str | None = None) -> None:
    """Save after `validate()`; a unique row created concurrently becomes a 409, not a 500."""
    try:
        with transaction.atomic(), audit.labelled(label) if label else nullcontext():
            instance.save()
    except IntegrityError as exc:
        raise Conflict(
            _("This %(what)s conflicts with a row saved at the same time; try again.")
            % {"what": instance._meta.verbose_name}
        ) from exc


def _kind(model: type[models.Model]) -> str:
    """A stable key for a kind of row in error details: `DriverTask` → `driverTasks`."""
    return to_camel(snake(model.__name__)) + "s"


def references(instance: models.Model) -> dict[type[models.Model], int]:
    """How many rows refer to `instance` through a PROTECT or RESTRICT foreign key, per model.

    One COUNT per such relation: cheaper than letting the deletion collector load every
    referring row (a customer may have years of shipments).
    """
    counts: dict[type[models.Model], int] = {}
    for relation in get_candidate_relations_to_delete(instance._meta):
        if relation.on_delete not in (models.PROTECT, models.RESTRICT):
            continue
        model = relation.related_model
        count = model._base_manager.filter(**{relation.field.name: instance}).count()
        if count:
            counts[model] = counts.get(model, 0) + count
    return counts


def delete_or_conflict(instance: models.Model, hint: str = "") -> None:
    """Delete the row, or answer 409 when other rows still refer to it (PROTECT/RESTRICT).

    `details.referencedBy` counts the referring rows per kind, e.g. {"users": 2}; `hint`
    tells what to do instead (e.g. deactivate).
    """
    counts = references(instance)
    if not counts:
        try:
            with transaction.atomic():
                instance.delete()
            return
        except (ProtectedError, RestrictedError) as exc:  # a row deleted in cascade is referred to
            blocking = getattr(exc, "protected_objects", None) or exc.restricted_objects
            for row in blocking:
                counts[type(row)] = counts.get(type(row), 0) + 1
    listed = ", ".join(
        f"{count} {model._meta.verbose_name_plural}" for model, count in counts.items()
    )
    message = _("%(what)s is still referred to by %(listed)s and cannot be deleted.") % {
        "what": capfirst(str(instance)),
        "listed": listed,
    }
    details = {"referencedBy": {_kind(model): count for model, count in counts.items()}}
    raise Conflict(f"{message} {hint}".strip(), details)
