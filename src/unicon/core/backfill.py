"""Data migrations of issue 12: fill `search_text` and store phones in canonical form for rows
written before those rules existed (see `unicon.core.text` and `unicon.core.phones`)."""

from collections.abc import Callable

from django.core.exceptions import ValidationError

from unicon.core.phones import canonical_phone
from unicon.core.text import folded_text

BATCH = 2000


def _canonical_or_same(value: str, mobile: bool) -> str:
    """Canonical form of a stored phone; a number that is not valid is kept as it was (the
    next edit of its row will ask for a valid one)."""
    try:
        return canonical_phone(value, mobile=mobile)
    except ValidationError:
        return value


def backfill(
    app_label: str,
    model_name: str,
    *,
    search_fields: tuple[str, ...] = (),
    phone_fields: tuple[str, ...] = (),
    mobile: bool = False,
) -> Callable:
    """A `RunPython` function that rewrites the phones in `phone_fields` canonically and, when
    `search_fields` is given, `search_text` as `folded_text()` of those fields, in batches of
    `BATCH` rows, writing only rows that change."""

    def run(apps, schema_editor) -> None:
        model = apps.get_model(app_label, model_name)
        fields = sorted({*search_fields, *phone_fields, "pk"})
        changed, written = [], [*phone_fields, *(["search_text"] if search_fields else [])]
        for row in model.objects.only(*fields).order_by("pk").iterator(chunk_size=BATCH):
            before = [getattr(row, name) for name in written]
            for name in phone_fields:
                setattr(row, name, _canonical_or_same(getattr(row, name), mobile))
            if search_fields:
                row.search_text = folded_text(getattr(row, name) for name in search_fields)
            if [getattr(row, name) for name in written] != before:
                changed.append(row)
            if len(changed) >= BATCH:
                model.objects.bulk_update(changed, written)
                changed = []
        model.objects.bulk_update(changed, written)

    return run
