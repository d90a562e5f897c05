"""A shipment's history read for people: what an edit changed (old → new, from the audit
record the edit points at) and, on an edit conflict, what the other person changed since the
version the user started from."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from unicon.core import display, history
from unicon.core.history import Change
from unicon.core.models import AuditEntry
from unicon.shipments.models import EventKind, Shipment, ShipmentEvent

SHIPMENT = "shipments.shipment"
STOP = "shipments.stop"
#: Stop fields that say nothing to a person when a stop is rewritten by an edit.
_STOP_BOOKKEEPING = {"sequence", "actual_arrival", "actual_departure", "location_id"}


def _stop_lines(entries: list) -> list[Change]:
    """Stops are rewritten by an edit (deleted, created again): pair the old and new rows by
    sequence and list the fields that differ, labelled "Stop N — field"."""
    old: dict[int, dict] = {}
    new: dict[int, dict] = {}
    for entry in entries:
        if entry.object_type != STOP:
            continue
        side, index = (old, 0) if _deleted(entry) else (new, 1)
        values = {k: v[index] for k, v in entry.changes.items() if isinstance(v, list)}
        side[values.get("sequence")] = {"entry": entry, "values": values}
    lines = []
    for sequence in sorted(s for s in set(old) | set(new) if s is not None):
        before = old.get(sequence, {}).get("values", {})
        after = new.get(sequence, {}).get("values", {})
        pairs = {
            k: [before.get(k), after.get(k)]
            for k in set(before) | set(after)
            if k not in _STOP_BOOKKEEPING and before.get(k) != after.get(k)
        }
        if not before:
            lines.append(Change("stop", _("Stop %(n)s") % {"n": sequence}, "—", _("added")))
            continue
        if not after:
            lines.append(Change("stop", _("Stop %(n)s") % {"n": sequence}, _("removed"), "—"))
            continue
        for change in history.describe(STOP, pairs):
            label = _("Stop %(n)s — %(field)s") % {"n": sequence, "field": change.label}
            lines.append(Change(change.field, label, change.old, change.new))
    return lines


def _deleted(entry) -> bool:
    """A tracked delete inside a labelled block carries the block's label: every value → None."""
    return all(isinstance(v, list) and v[1] is None for v in entry.changes.values())


def explain(events: Iterable[ShipmentEvent]) -> None:
    """Attach `changes` (a list of `core.history.Change`) to each edit line of a shipment's
    history: the shipment's changed fields and its stops' from the audit record the line
    points at (`data.audit`); older lines only name the changed fields."""
    edits = [e for e in events if e.kind == EventKind.EDIT]
    ids = [i for e in edits for i in (e.data or {}).get("audit", [])]
    entries = history.entries_by_id(ids) if ids else {}
    for event in edits:
        own = [entries[i] for i in (event.data or {}).get("audit", []) if i in entries]
        if own:
            event.changes = [
                line for entry in own if entry.object_type == SHIPMENT for line in entry.lines
            ] + _stop_lines(own)
        else:
            names = (event.data or {}).get("fields", [])
            event.changes = [
                Change(n, label, "", "")
                for n, label in zip(names, _field_labels(names), strict=True)
            ]


def _field_labels(names: list[str]) -> list[str]:
    labels = []
    for name in names:
        try:
            label = str(Shipment._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:  # a field renamed since: show its name
            label = name
        labels.append(label[:1].upper() + label[1:])
    return labels


@dataclass
class OtherChange:
    """A change someone else saved after the version a user started editing from."""

    actor: str
    at: object
    label: str
    lines: list[Change]


def changes_since(shipment: Shipment, version: int) -> list[OtherChange]:
    """What was saved to `shipment` after `version` (oldest first): each change that raised
    the version, who made it, when, and its fields (old → new), from the audit trail. The
    caller has already checked that the user may see the shipment."""
    newer = _newer(shipment, version)
    found = history.entries_by_id(r.pk for r in newer)
    edits = ShipmentEvent.objects.filter(shipment=shipment, kind=EventKind.EDIT).order_by("-id")
    stops_of: dict[int, list[Change]] = {}
    for event in edits[:20]:
        ids = (event.data or {}).get("audit", [])
        if any(i in found for i in ids):
            stop_entries = history.entries_by_id(ids).values()
            stops_of.update({i: _stop_lines(list(stop_entries)) for i in ids})
    result = []
    for row in reversed(newer):
        entry = found[row.pk]
        who = row.actor.full_name if row.actor else row.actor_label
        result.append(
            OtherChange(who, row.created_at, entry.label, entry.lines + stops_of.get(row.pk, []))
        )
    return result


def _newer(shipment: Shipment, version: int) -> list[AuditEntry]:
    """The shipment's audit entries that raised its version above `version`, newest first."""
    rows = (
        AuditEntry.objects.filter(object_type=SHIPMENT, object_id=str(shipment.pk))
        .select_related("actor")
        .order_by("-id")[:50]
    )
    return [r for r in rows if _raised_to(r) > version]


#: The editor's shipment fields that a conflict can merge (form name = model field name).
MERGEABLE = (
    "shipment_type",
    "priority",
    "planned_start",
    "planned_end",
    "container_number",
    "container_type",
    "booking_number",
    "bill_of_lading",
    "special_instructions",
)
_MOMENTS = {"planned_start", "planned_end"}


def _as_typed(name: str, value) -> str:
    """A stored (or audit-recorded) value as the editor's field holds it."""
    if value is None:
        return ""
    if name in _MOMENTS:
        moment = value if isinstance(value, datetime) else parse_datetime(str(value))
        if moment is None:
            return str(value)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, UTC)
        return display.local(moment).strftime("%Y-%m-%dT%H:%M")
    return str(value)


def _same(a: str, b: str) -> bool:
    return (a or "").strip().casefold() == (b or "").strip().casefold()


def merge_typed(shipment: Shipment, version: int, typed) -> tuple[dict, list[str]]:
    """Three-way merge after an edit conflict: the user's form values (`typed`, a QueryDict)
    with every field that others changed since `version` and that the user left as it was
    taken from the stored `shipment`, so saving again applies only the user's own changes.
    Returns the merged data and the names of the fields both changed (the user's value is
    kept there). Stop rows stay as typed (the conflict lists the other person's stop
    changes)."""
    base: dict = {}
    for entry in reversed(_newer(shipment, version)):  # oldest first: its "old" is the base
        for name, pair in (entry.changes or {}).items():
            if isinstance(pair, list) and len(pair) == 2:
                base.setdefault(name, pair[0])
    merged = typed.copy()
    both = []
    for name in MERGEABLE:
        if name not in base:
            continue
        was, now = _as_typed(name, base[name]), _as_typed(name, getattr(shipment, name))
        mine = typed.get(name, "")
        if _same(mine, was):
            merged[name] = now
        elif not _same(mine, now):
            both.append(name)
    return merged, both


def _raised_to(entry) -> int:
    pair = (entry.changes or {}).get("version")
    try:
        return int(pair[1]) if isinstance(pair, list) else 0
    except (TypeError, ValueError):
        return 0
