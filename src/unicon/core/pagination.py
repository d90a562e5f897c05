"""Keyset pagination: constant cost at any depth, an opaque cursor, a stable order.

`ordering` is a list of model field names, each optionally prefixed with "-"; its
last entry must be unique (use the primary key) and no field may be NULL.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Q, QuerySet
from ninja import Schema

from unicon.core.cursors import decode_cursor, encode_cursor
from unicon.core.errors import ValidationFailed

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class Paged(Schema, Generic[T]):
    items: list[T]
    nextCursor: str | None = None


@dataclass
class Page:
    items: list
    next_cursor: str | None

    def as_response(self) -> dict:
        return {"items": self.items, "nextCursor": self.next_cursor}


def _decode(cursor: str, count: int) -> list[Any]:
    try:
        values = decode_cursor(cursor)
    except (ValueError, TypeError) as exc:
        raise ValidationFailed("Invalid cursor", {"cursor": ["malformed"]}) from exc
    if not isinstance(values, list) or len(values) != count:
        raise ValidationFailed("Invalid cursor", {"cursor": ["malformed"]})
    return values


def _after(queryset: QuerySet, ordering: Sequence[str], raw_values: list[Any]) -> Q:
    """Rows strictly after the cursor in `ordering`: a >= x and ((a > x) or (a = x and b > y)
    or …). The redundant leading `a >= x` is what lets the database start an index scan at the
    cursor instead of walking the index from the first row (deep pages would get slower)."""
    model = queryset.model
    names = [o.lstrip("-") for o in ordering]
    values = [
        model._meta.get_field(name).to_python(value)
        for name, value in zip(names, raw_values, strict=True)
    ]
    condition = Q()
    for i, order in enumerate(ordering):
        equal = Q(**{names[j]: values[j] for j in range(i)})
        lookup = "lt" if order.startswith("-") else "gt"
        condition |= equal & Q(**{f"{names[i]}__{lookup}": values[i]})
    bound = "lte" if ordering[0].startswith("-") else "gte"
    return Q(**{f"{names[0]}__{bound}": values[0]}) & condition


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
