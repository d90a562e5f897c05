"""How pages and the audit history write amounts and times: `1.234.567 ₫` (whole đồng) and
dd/mm/yyyy HH:mm in the business time zone (the template filters of `web_format` and
`core.history` share these).

A moment too near the ends of Python's calendar to be converted to the business time zone
(a value stored before `core.dates` bounded the input: 31/12/9999 23:59 UTC is past 9999 in
Asia/Ho_Chi_Minh) is shown in UTC, marked so, rather than failing the page."""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import numberformat, timezone
from django.utils.formats import get_format


def local(value: Any) -> Any:
    """An aware datetime in the business time zone (in UTC when it cannot be converted: see
    the module doc); anything else unchanged."""
    return in_business_zone(value)[0]


def in_business_zone(value: Any) -> tuple[Any, bool]:
    """(`value` in the business time zone, True) for an aware datetime; (the same instant in
    UTC, False) when the business zone is past the ends of Python's calendar (OverflowError);
    anything else (value, True) unchanged."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        try:
            return timezone.localtime(value), True
        except OverflowError:
            try:
                return value.astimezone(dt.UTC), False
            except OverflowError:
                return value, False
    return value, True


def local_day(value: Any) -> Any:
    """The business day of an aware datetime (its UTC day when it cannot be converted); a
    date or anything else unchanged."""
    moment = local(value)
    return moment.date() if isinstance(moment, dt.datetime) else moment


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


def _utc_mark(converted: bool) -> str:
    return "" if converted else " UTC"


def vndate(value: Any) -> str:
    """A date or datetime as dd/mm/yyyy (a datetime's business day)."""
    if not value:
        return ""
    return _day_text(local_day(value))


def _day_text(day: dt.date) -> str:
    # not strftime: it writes year 1 as "1" on some systems
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def vndatetime(value: Any) -> str:
    """A datetime as dd/mm/yyyy HH:MM in the business time zone (a date as dd/mm/yyyy);
    "… UTC" when it cannot be converted (see the module doc)."""
    if not value:
        return ""
    value, converted = in_business_zone(value)
    if not isinstance(value, dt.datetime):
        return _day_text(value)
    return f"{_day_text(value)} {value:%H:%M}{_utc_mark(converted)}"


def vntime(value: Any) -> str:
    """A datetime's time of day as HH:MM in the business time zone ("" for none; "… UTC"
    when it cannot be converted)."""
    if not value:
        return ""
    value, converted = in_business_zone(value)
    return f"{value:%H:%M}{_utc_mark(converted)}"
