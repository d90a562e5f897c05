"""Keyset pagination: constant cost at any depth, an opaque cursor, a stable order.

`ordering` is a list of model field names, each optionally prefixed with "-"; its
last entry must be unique (use the primary key) and no field may be NULL.
"""

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from unicon.core.cursors import decode_cursor, encode_cursor
from unicon.core.errors import ValidationFailed
from unicon.core.schemas import ResolvedSchema

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
#: above this many rows (the planner's estimate) a list's size is estimated, not counted
EXACT_COUNT_UP_TO = 200_000
_totals: ContextVar[list[int] | None] = ContextVar("keyset_totals", default=None)


class Paged(ResolvedSchema, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


@dataclass
class Page:
    items: list
    next_cursor: str | None

    def as_response(self) -> dict:
        return {"items": self.items, "nextCursor": self.next_cursor}


def _bad_cursor() -> ValidationFailed:
    """A `cursor` that is not one this list gave (typed, cut short, from another list)."""
    return ValidationFailed(
        _("This page link is not valid any more: open the list again from its first page."),
        {"cursor": ["malformed"]},
    )


def _decode(cursor: str, count: int) -> list[Any]:
    try:
        values = decode_cursor(cursor)
    except (ValueError, TypeError) as exc:
        raise _bad_cursor() from exc
    if not isinstance(values, list) or len(values) != count:
        raise _bad_cursor()
    return values


def _after(queryset: QuerySet, ordering: Sequence[str], raw_values: list[Any]) -> Q:
    """Rows strictly after the cursor in `ordering`: a >= x and ((a > x) or (a = x and b > y)
    or …). The redundant leading `a >= x` is what lets the database start an index scan at the
    cursor instead of walking the index from the first row (deep pages would get slower)."""
    model = queryset.model
    names = [o.lstrip("-") for o in ordering]
    try:
        values = [
            model._meta.get_field(name).to_python(value)
            for name, value in zip(names, raw_values, strict=True)
        ]
    except ValidationError as exc:  # a cursor of the right shape with values of another list
        raise _bad_cursor() from exc
    if any(value is None or (isinstance(value, int) and abs(value) >= 2**63) for value in values):
        raise _bad_cursor()  # ordering columns are never NULL; no integer column is that big
    condition = Q()
    for i, order in enumerate(ordering):
        equal = Q(**{names[j]: values[j] for j in range(i)})
        lookup = "lt" if order.startswith("-") else "gt"
        condition |= equal & Q(**{f"{names[i]}__{lookup}": values[i]})
    bound = "lte" if ordering[0].startswith("-") else "gte"
    return Q(**{f"{names[0]}__{bound}": values[0]}) & condition


def size_of(queryset: QuerySet) -> int:
    """How many rows `queryset` has: counted, unless PostgreSQL's planner expects more than
    `EXACT_COUNT_UP_TO` (a count would scan them all), then its estimate."""
    rows = queryset.order_by()
    if connections[rows.db].vendor == "postgresql":
        plan = json.loads(rows.explain(format="json"))
        estimate = int(plan[0]["Plan"]["Plan Rows"])
        if estimate > EXACT_COUNT_UP_TO:
            return estimate
    return rows.count()


@contextmanager
def recording_totals() -> Iterator[list[int]]:
    """Inside this block every first page (no cursor) that `keyset_page` serves also
    records the size of its whole filtered list (`size_of`) in the list yielded: how a
    background export learns the total of the list view it calls, without knowing its
    queryset."""
    sink: list[int] = []
    token = _totals.set(sink)
    try:
        yield sink
    finally:
        _totals.reset(token)


def _value(row: Any, name: str) -> Any:
    """A field of a model instance or of a `values()` row."""
    return row[name] if isinstance(row, dict) else getattr(row, name)


def keyset_page(
    queryset: QuerySet,
    ordering: Sequence[str],
    limit: int = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> Page:
    limit = max(1, min(limit, MAX_LIMIT))
    sink = _totals.get()
    if sink is not None and not cursor:
        sink.append(size_of(queryset))
    queryset = queryset.order_by(*ordering)
    if cursor:
        queryset = queryset.filter(_after(queryset, ordering, _decode(cursor, len(ordering))))
    rows = list(queryset[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if more and rows:
        last = rows[-1]
        next_cursor = encode_cursor([_value(last, o.lstrip("-")) for o in ordering])
    return Page(rows, next_cursor)


def filtered_page(request, filterset, queryset: QuerySet) -> dict:
    """One keyset page of `queryset` filtered by the request's query string with `filterset`
    (a `core.filtering` FilterSet whose `ORDER` is the keyset order): `limit` (default 50, at
    most 200) and `cursor` as on every list; a bad filter raises ValidationFailed (400)."""
    from unicon.core.filtering import apply  # filtering builds on django-filter, not on this

    rows = apply(filterset, request.GET, queryset)
    limit = request.GET.get("limit", "")
    size = int(limit) if limit.isdigit() else DEFAULT_LIMIT
    return keyset_page(rows, filterset.ORDER, size, request.GET.get("cursor")).as_response()
