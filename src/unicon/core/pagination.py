"""Keyset pagination: constant cost at any depth, an opaque cursor, a stable order.

`ordering` is a list of model field names, each optionally prefixed with "-"; its
last entry must be unique (use the primary key) and no field may be NULL.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Q, QuerySet

from unicon.core.cursors import decode_cursor, encode_cursor
from unicon.core.errors import ValidationFailed
from unicon.core.schemas import ResolvedSchema

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class Paged(ResolvedSchema, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


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
        next_cursor = encode_cursor([getattr(last, o.lstrip("-")) for o in ordering])
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
