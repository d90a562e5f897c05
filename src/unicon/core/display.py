"""How pages and the audit history write amounts and times: `1.234.567 ₫` (whole đồng) and
dd/mm/yyyy HH:mm in the business time zone (the template filters of `web_format` and
`core.history` share these)."""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import numberformat, timezone
from django.utils.formats import get_format


def local(value: Any) -> Any:
    """An aware datetime in the business time zone; anything else unchanged."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def grouped(number: int) -> str:
    """A whole number with Vietnamese digit grouping: 1234567 → "1.234.567" (sign kept)."""
    return f"{int(number):,}".replace(",", ".")


def quantity(value: Any, places: int = 3) -> str:
    """A measured quantity (litres, km) in the active language: at most `places` decimals,
    trailing zeros dropped, the language's decimal mark and grouping — 1234.500 → "1.234,5"
    (vi), "1,234.5" (en). Not for money (`vnd`, `grouped`)."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places)).normalize()
    except (InvalidOperation, ValueError):
        return str(value)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return numberformat.format(
        number,
        get_format("DECIMAL_SEPARATOR"),
        grouping=3,
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


def vnd(value: Any) -> str:
    """An amount in đồng: `1.234.567 ₫` (rounded to whole đồng; negative keeps its sign)."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal(1))
    except (InvalidOperation, ValueError):
        return str(value)
    return f"{grouped(amount)}\u00a0₫"


def vndatetime(value: Any) -> str:
    """A datetime as dd/mm/yyyy HH:MM in the business time zone (a date as dd/mm/yyyy)."""
    if not value:
        return ""
    value = local(value)
    if not isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    return value.strftime("%d/%m/%Y %H:%M")


def vntime(value: Any) -> str:
    """A datetime's time of day as HH:MM in the business time zone ("" for none)."""
    if not value:
        return ""
    return local(value).strftime("%H:%M")
