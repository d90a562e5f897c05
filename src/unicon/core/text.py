"""Accent- and case-insensitive search: one folding rule for what is stored and what is typed.

Staff type without accents (`phuoc long`, `PHUOC LONG`, `dong nai`); names are stored with
them (`ICD Phước Long`, `Đồng Nai`). Both sides are folded by `fold()` — lower-case, no
diacritics, `đ`/`Đ` → `d`, blanks collapsed — so that a plain `LIKE '%…%'` on a folded column
finds them on SQLite and PostgreSQL alike, without database extensions or custom functions.

Models that can be searched keep their folded text in a `search_text` column
(`FoldedSearchModel`), refreshed on every `save()` and `bulk_create()`; services filter it
with `search_condition(q)`.
"""

import re
import unicodedata
from collections.abc import Iterable

from django.db import models
from django.db.models import Q

from unicon.core.phones import phone_search_forms

# `đ`/`Đ` are letters of their own, not `d` + a combining mark: NFKD keeps them.
_LETTERS = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ł": "l", "Ł": "l"})
_BLANKS = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """`"ICD  Phước Long"` → `"icd phuoc long"`; `"ĐỒNG NAI"` → `"dong nai"`.

    Lower-case (Unicode case folding), diacritics removed (NFKD, combining marks dropped),
    `đ` → `d`, runs of blanks → one space, no blanks at either end. `None` → `""`.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text).translate(_LETTERS))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _BLANKS.sub(" ", bare.casefold()).strip()


def search_condition(q: str | None, field: str = "search_text") -> Q | None:
    """The filter for a free-text `q` on a folded column `field` (None when `q` is blank).

    Every word of `q` must occur in the folded text (`long phuoc` finds `Phước Long`); a `q`
    that is written like a phone number (`+84 912 345`, `0912-345`) also matches the canonical
    phone kept in the same column (see `unicon.core.phones.phone_search_forms`).
    """
    words = fold(q).split()
    if not words:
        return None
    condition = Q()
    for word in words:
        condition &= Q(**{f"{field}__contains": word})
    for form in phone_search_forms(q or ""):
        condition |= Q(**{f"{field}__contains": form})
    return condition


def folded_text(values: Iterable[object]) -> str:
    """The folded search text of several values (blank ones skipped), one space apart."""
    return fold(" ".join(str(v) for v in values if v not in (None, "")))


class FoldedSearchQuerySet(models.QuerySet):
    """`bulk_create` fills `search_text` too (it bypasses `save()`)."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.refresh_search_text()
        return super().bulk_create(objs, *args, **kwargs)


class FoldedSearchModel(models.Model):
    """A model searchable by `search_condition(q)`: `search_text` holds `fold()` of the fields
    named in `SEARCH_FIELDS`.

    Kept up to date by `save()` (also with `update_fields` naming one of the source fields) and
    by `bulk_create()` of `FoldedSearchQuerySet`; `QuerySet.update()` of a source field must
    not be used (there is none in this project).
    """

    SEARCH_FIELDS: tuple[str, ...] = ()

    search_text = models.TextField(editable=False, blank=True, default="")

    objects = FoldedSearchQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(self.SEARCH_FIELDS) & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def refresh_search_text(self) -> None:
        self.search_text = folded_text(getattr(self, name) for name in self.SEARCH_FIELDS)
