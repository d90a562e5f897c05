"""Two helpers every billing service uses: a field error and a visible row by public id."""

from django.db.models import QuerySet

from unicon.core.errors import NotFound, ValidationFailed
from unicon.core.schemas import to_camel


def field_error(field: str, message: str) -> ValidationFailed:
    """400 VALIDATION_ERROR naming the API field (camelCase, as the client sent it)."""
    return ValidationFailed(message, {to_camel(field): [message]})


def one(rows: QuerySet, public_id, missing: str, *, lock: bool = False):
    """The row of `rows` (already narrowed to what the user may see) with this public id,
    row-locked when `lock`; otherwise `NotFound(missing)` — never 403 for another company."""
    if lock:
        rows = rows.select_for_update(of=("self",))
    found = rows.filter(public_id=public_id).first() if public_id else None
    if found is None:
        raise NotFound(missing)
    return found
