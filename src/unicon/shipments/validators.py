"""ISO 6346 container numbers: owner code (3 letters), category (U/J/Z), 6 digits, check digit."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_PATTERN = re.compile(r"^[A-Z]{3}[UJZ]\d{7}$")


def _letter_values() -> dict[str, int]:
    # A=10 and upwards, skipping multiples of 11 (11, 22, 33).
    values, n = {}, 10
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        if n % 11 == 0:
            n += 1
        values[letter] = n
        n += 1
    return values


_VALUES = {**_letter_values(), **{str(d): d for d in range(10)}}


def normalise_container_number(value: str) -> str:
    """`mscu 123456-5` → `MSCU1234565` (upper case, letters and digits only)."""
    return re.sub(r"[^A-Z0-9]", "", (value or "").upper())


def iso6346_check_digit(first_ten: str) -> int:
    """The check digit of the first 10 characters of a container number."""
    total = sum(_VALUES[ch] * (2**i) for i, ch in enumerate(first_ten))
    return total % 11 % 10


def is_valid_container_number(value: str) -> bool:
    value = normalise_container_number(value)
    if not _PATTERN.match(value):
        return False
    return iso6346_check_digit(value[:10]) == int(value[10])


def validate_container_number(value: str) -> None:
    """Django validator: empty is allowed (the field is optional until dispatch)."""
    if value and not is_valid_container_number(value):
        raise ValidationError(
            _(
                "Not a valid ISO 6346 container number (e.g. MSKU1234565): "
                "wrong format or check digit."
            ),
            code="invalid_container_number",
        )
