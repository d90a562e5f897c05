"""One canonical form for Vietnamese phone numbers.

`+84 912 345 601`, `84912345601`, `(+84) 912-345-601`, `0084 912 345 601` and `0912 345 601`
are the same number; it is stored once, in the national form with its leading 0
(`0912345601`), so that equality, duplicates and search work on the stored value.

Vietnam's numbering plan (Ministry of Information and Communications, Circular
22/2014/TT-BTTTT; mobile numbers 10 digits since Decision 798/QĐ-BTTTT of 2018; landline
area codes 02x since Decision 2036/QĐ-BTTTT of 2016):

- mobile: `0` + `3|5|7|8|9` + 8 digits (10 digits), e.g. 0912 345 601, 0387 654 321;
- landline: `02` + area code and subscriber number, 11 digits in all, e.g. 028 3823 4567
  (Hồ Chí Minh City), 024 3825 1234 (Hà Nội), 0274 381 2345 (Bình Dương);
- country code 84: `+84`/`0084`/`84` replaces the leading 0.

A leading 0 lost by a spreadsheet (`912345601`) is put back. Numbers of other countries are
kept in the international form `+<country><number>` (8-15 digits, ITU-T E.164); toll-free
and shared-cost service numbers `1800…`/`1900…` are kept as they are.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s.\-()/]")
_WRITTEN = re.compile(r"[+\d\s.\-()/]+")
MOBILE = re.compile(r"0[35789]\d{8}")
LANDLINE = re.compile(r"02\d{9}")
SERVICE = re.compile(r"1[89]00\d{4,6}")
FOREIGN = re.compile(r"\+[1-9]\d{7,14}")

INVALID = _("Not a phone number: expected e.g. 0912 345 601, 028 3823 4567 or +84 912 345 601.")
NOT_MOBILE = _("Expected a Vietnamese mobile number, e.g. 0912 345 601 or +84 912 345 601.")


def _national(digits: str) -> str:
    """Digits after the country code 84 → the national form with its leading 0."""
    return digits if digits.startswith("0") else "0" + digits


def canonical_phone(raw: str | None, *, mobile: bool = False) -> str:
    """The stored form of a written phone number; `""` for a blank one.

    Returns `0XXXXXXXXX` (mobile) or `02XXXXXXXXX` (landline) for a Vietnamese number,
    `+<digits>` for a foreign one, `1800…`/`1900…` for a service number. With `mobile=True`
    only Vietnamese mobile numbers are accepted. Raises `django.core.exceptions.ValidationError`
    (code `phone`) for anything else.
    """
    text = (raw or "").strip()
    if not text:
        return ""
    compact = _SEPARATORS.sub("", text)
    plus = compact.startswith("+")
    digits = compact[1:] if plus else compact
    if not digits.isdigit() or not digits.isascii():
        raise ValidationError(INVALID, code="phone")
    if plus and digits.startswith("84"):
        number = _national(digits[2:])
    elif digits.startswith("0084"):
        number = _national(digits[4:])
    elif plus or digits.startswith("00"):
        number = "+" + digits.removeprefix("00")
    elif digits.startswith("84") and len(digits) in (11, 12):
        number = "0" + digits[2:]
    elif not digits.startswith("0") and len(digits) in (9, 10) and not SERVICE.fullmatch(digits):
        number = "0" + digits  # the leading 0 a spreadsheet dropped
    else:
        number = digits
    if MOBILE.fullmatch(number):
        return number
    if mobile:
        raise ValidationError(NOT_MOBILE, code="phone")
    if LANDLINE.fullmatch(number) or SERVICE.fullmatch(number) or FOREIGN.fullmatch(number):
        return number
    raise ValidationError(INVALID, code="phone")


def phone_search_forms(q: str) -> list[str]:
    """What to look for in stored phones when `q` is written like (part of) a phone number.

    `+84 912 345` → `["0912345"]`; `912-345` → `["912345"]`; `84912345601` →
    `["84912345601", "0912345601"]`. Empty for text that is not a phone (fewer than 3
    digits, or any letter).
    """
    text = q.strip()
    if not _WRITTEN.fullmatch(text):
        return []
    compact = _SEPARATORS.sub("", text)
    digits = compact.lstrip("+")
    if len(digits) < 3 or not digits.isdigit():
        return []
    if compact.startswith("+84") or digits.startswith("0084"):
        return [_national(digits.removeprefix("00")[2:])]
    forms = [digits]
    if digits.startswith("84") and len(digits) > 4:
        forms.append(_national(digits[2:]))
    return forms


class PhoneField(models.CharField):
    """A phone number column that stores `canonical_phone()` of whatever was written.

    `Model.full_clean()` (model forms, the services' validation) turns `+84 912 345 601` into
    `0912345601` and refuses what is not a phone number; `mobile=True` accepts Vietnamese
    mobile numbers only.
    """

    def __init__(self, *args, mobile: bool = False, **kwargs):
        self.mobile = mobile
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.mobile:
            kwargs["mobile"] = True
        return name, path, args, kwargs

    def clean(self, value, model_instance):
        if value:
            value = canonical_phone(value, mobile=self.mobile)
        return super().clean(value, model_instance)

    def pre_save(self, model_instance, add):
        """Rows saved without `full_clean()` (fixtures, bulk loads) are stored canonical too
        when their number is valid; an invalid one is left for validation to report."""
        value = getattr(model_instance, self.attname)
        if value:
            try:
                value = canonical_phone(value, mobile=self.mobile)
            except ValidationError:
                return value
            setattr(model_instance, self.attname, value)
        return value


def ensure_unique_phone(instance: models.Model, field: str = "phone") -> None:
    """Refuse a (canonical) phone number another row of the same model already has.

    Call from `clean()`, after the fields are cleaned (so `+84 912…` and `0912…` collide).
    Raises `ValidationError({field: …})` naming the other row.
    """
    phone = getattr(instance, field)
    if not phone:
        return
    other = type(instance)._default_manager.filter(**{field: phone}).exclude(pk=instance.pk)
    found = other.first()
    if found is not None:
        message = _("%(phone)s is already the number of %(other)s.")
        raise ValidationError({field: message % {"phone": phone, "other": found}})
