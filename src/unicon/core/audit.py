"""The audit trail: `log()` for events, `track()` for every change of a model's rows.

A tracked model's create, update and delete are written in the same transaction as the
change itself, with the before/after value of each changed field. Services name the
business meaning of a change with `labelled("user.deactivate")`. A write that changes several
rows runs inside `batched()`: its audit entries and history lines are inserted together at the
end of the block, one INSERT per table.
"""

import contextvars
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

from unicon.core import context
from unicon.core.models import AuditEntry

MASK = "***"
_label: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_label", default=None)
_written: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "audit_written", default=None
)
_held: contextvars.ContextVar[list[models.Model] | None] = contextvars.ContextVar(
    "audit_held", default=None
)
_tracked: dict[type[models.Model], dict[str, frozenset[str]]] = {}
Row = TypeVar("Row", bound=models.Model)


@contextmanager
def labelled(action: str) -> Iterator[list[AuditEntry]]:
    """Name the tracked changes made inside the block (e.g. `user.deactivate`).

    Yields the list of the entries written inside the block (filled as they are written), so
    that a history line can point at the audit record of its change (`with … as entries`)."""
    token = _label.set(action)
    entries: list[AuditEntry] = []
    collected = _written.set(entries)
    try:
        yield entries
    finally:
        _written.reset(collected)
        _label.reset(token)


@contextmanager
def batched() -> Iterator[None]:
    """Hold the rows given to `insert()` inside the block (audit entries, history lines) and
    insert them when it ends, one INSERT per table in the order first seen, then send each
    row's `post_save` (created=True) as `Model.save` would. Their primary keys and
    `auto_now_add` times are set then.

    Use inside one transaction, around a write whose every error leaves the block: the held
    rows are dropped with the error, as the transaction's rollback drops the rest. A savepoint
    rolled back and caught inside the block would keep its held rows. A nested block writes
    with the outermost one."""
    if _held.get() is not None:
        yield
        return
    held: list[models.Model] = []
    token = _held.set(held)
    try:
        yield
    finally:
        _held.reset(token)
    _insert_held(held)


def insert(row: Row) -> Row:
    """Insert the new `row` now, or at the end of the running `batched()` block."""
    held = _held.get()
    if held is None:
        row.save(force_insert=True)
    else:
        held.append(row)
    return row


def _insert_held(held: list[models.Model]) -> None:
    by_model: dict[type[models.Model], list[models.Model]] = {}
    for row in held:
        by_model.setdefault(type(row), []).append(row)
    for model, rows in by_model.items():
        model._default_manager.bulk_create(rows)
        for row in rows:
            post_save.send(
                sender=model,
                instance=row,
                created=True,
                update_fields=None,
                raw=False,
                using=row._state.db,
            )


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def log(
    action: str,
    target: models.Model | None = None,
    *,
    changes: dict | None = None,
    actor: Any = None,
    extra: dict | None = None,
) -> AuditEntry:
    """Append one entry (at the end of the running `batched()` block, if any); the actor
    defaults to the user of the current request."""
    ctx = context.current()
    if actor is None:
        actor = context.current_actor()
    entry = AuditEntry(
        actor_id=getattr(actor, "pk", None),
        actor_label=_actor_label(actor),
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        object_repr=str(target)[:200] if target is not None else "",
        changes=_jsonable(changes or {}),
        extra=_jsonable(extra or {}),
        request_id=ctx.request_id,
        ip=ctx.ip,
        user_agent=ctx.user_agent[:300],
    )
    insert(entry)
    written = _written.get()
    if written is not None:
        written.append(entry)
    return entry


def _actor_label(actor: Any) -> str:
    """The actor's e-mail (the request's user is already loaded: no query), or "system"."""
    return "system" if actor is None else str(getattr(actor, "email", actor))


def _snapshot(instance: models.Model, fields: frozenset[str]) -> dict[str, Any]:
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.attname in fields
    }


def _diff(before: dict, after: dict, masked: frozenset[str]) -> dict[str, list]:
    changed = {}
    for name in after:
        if before.get(name) != after[name]:
            old, new = before.get(name), after[name]
            changed[name] = [MASK, MASK] if name in masked else [old, new]
    return changed


def track(
    model: type[models.Model], exclude: Iterable[str] = (), masked: Iterable[str] = ()
) -> None:
    """Audit every create/update/delete of `model` (fields in `exclude` are ignored)."""
    excluded = set(exclude) | {"created_at", "updated_at"}
    fields = frozenset(f.attname for f in model._meta.concrete_fields if f.attname not in excluded)
    _tracked[model] = {"fields": fields, "masked": frozenset(masked)}
    uid = f"audit-{model._meta.label_lower}"
    pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
    post_save.connect(_after_save, sender=model, dispatch_uid=uid)
    post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)


def remember(instance: models.Model) -> None:
    """Take the "before" of `instance`'s next tracked save from its current values instead of
    re-reading the row (saves one query per save). Only for a row locked with
    `select_for_update` in the running transaction and not changed since it was loaded: the
    database cannot hold anything else. A full save (no `update_fields`) keeps remembering."""
    spec = _tracked.get(type(instance))
    if spec is not None and instance.pk is not None:
        instance._audit_loaded = _snapshot(instance, spec["fields"])


def _before_save(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._audit_before = {}
        return
    loaded = instance.__dict__.pop("_audit_loaded", None)
    if loaded is not None:
        instance._audit_before = loaded
        instance._audit_remembered = True
        return
    spec = _tracked[sender]
    row = sender._base_manager.filter(pk=instance.pk).values(*spec["fields"]).first()
    instance._audit_before = row or {}


def _after_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    spec = _tracked[sender]
    before = {} if created else getattr(instance, "_audit_before", {})
    after = _snapshot(instance, spec["fields"])
    if instance.__dict__.pop("_audit_remembered", False) and update_fields is None:
        instance._audit_loaded = after  # the row now holds exactly these values
    changes = _diff(before, after, spec["masked"])
    if not changes:
        return
    default = f"{sender._meta.model_name}.{'create' if created else 'update'}"
    log(_label.get() or default, instance, changes=changes)


def _after_delete(sender, instance, **kwargs):
    spec = _tracked[sender]
    before = _snapshot(instance, spec["fields"])
    changes = {
        name: [MASK if name in spec["masked"] else value, None] for name, value in before.items()
    }
    log(_label.get() or f"{sender._meta.model_name}.delete", instance, changes=changes)
