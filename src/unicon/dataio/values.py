"""Parsers for the values people type into the company workbook.

Each parser takes a cell value as openpyxl gives it (str, int, float, datetime, date, None)
and returns the clean value, or raises `CellError` with a message in the active language.
Warnings (value kept but interpreted) are returned beside the value where a parser can
guess: `Parsed(value, warning)`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from openpyxl.utils.datetime import from_excel

from unicon.core import dates, numbers
from unicon.core.phones import canonical_phone
from unicon.customers.models import PaymentTermUnit, StatementCycle
from unicon.fleet.models import normalise_plate, validate_plate


@dataclass(frozen=True)
class Message:
    """A message to show in Vietnamese and in English: a lazily translated template and its
    parameters, rendered in a language only when the report is written."""

    template: Any
    params: dict = field(default_factory=dict)

    def render(self, language: str) -> str:
        with translation.override(language):
            return str(self.template) % self.params if self.params else str(self.template)


class CellError(ValueError):
    """A cell whose value cannot be used; `message` says why."""

    def __init__(self, template: Any, **params: Any) -> None:
        self.message = Message(template, params)
        super().__init__(self.message.render("en"))


@dataclass(frozen=True)
class Parsed:
    value: Any
    warning: Message | None = None


def fold(text: Any) -> str:
    """Lower-case, accent-free, single-spaced: `Tên  Khách Hàng:` → `ten khach hang`.

    Used to compare headers, sheet names and natural keys (names) however they are typed.
    """
    text = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def text(value: Any) -> str:
    """A cell as stripped text (numbers without a trailing `.0`)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


# --------------------------------------------------------------------------- dates

_DATE_TEXT = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_ISO_TEXT = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")


def _shifted_midnight(value: dt.datetime) -> dt.date:
    """A datetime that is a business-day midnight written in UTC (a sheet exported through a
    tool that stored 15/03 00:00 Asia/Ho_Chi_Minh as 14/03 17:00) is read as that business
    day; any other datetime as its own date."""
    if value.tzinfo is None:
        offset = timezone.get_current_timezone().utcoffset(value)
        local = value + offset
        if local.time() == dt.time(0) and value.time() != dt.time(0):
            return local.date()
        return value.date()
    return timezone.localdate(value)


def parse_date(value: Any) -> dt.date | None:
    """An empty cell → None; a date cell; an Excel serial (45366 → 15/03/2024); day-first text
    `15/03/2024`, `15-3-24`, `15.03.2024` (with an optional time); ISO `2024-03-15`; a datetime
    that is the business midnight shifted to UTC (14/03/2024 17:00 → 15/03/2024). A day
    outside `core.dates`' range (01/01/2000–31/12/2099: 1900, 9999, a five-digit year) is a
    cell error."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _within_range(_read_date(value), value)


def _within_range(day: dt.date | None, value: Any) -> dt.date:
    if day is None or not dates.in_range(day):
        raise CellError(
            _("A date must be between %(first)s and %(last)s: %(value)s."),
            first=dates.written(dates.FIRST_DAY),
            last=dates.written(dates.LAST_DAY),
            value=text(value),
        )
    return day


def _read_date(value: Any) -> dt.date | None:
    """The day a non-empty cell holds (None: one outside Python's calendar); CellError when it
    is not a date."""
    if isinstance(value, dt.datetime):
        try:
            return _shifted_midnight(value)
        except OverflowError:  # 31/12/9999 23:00 cannot be moved to the business time zone
            return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            converted = from_excel(value)
            return _shifted_midnight(converted) if isinstance(converted, dt.datetime) else converted
        raise CellError(_("Not a date: %(value)s."), value=value)
    raw = str(value).strip()
    try:
        if match := _DATE_TEXT.fullmatch(raw):
            day, month, year = (int(part) for part in match.groups())
            year = year + 2000 if year < 100 else year
            return dt.date(year, month, day)
        if match := _ISO_TEXT.fullmatch(raw):
            year, month, day = (int(part) for part in match.groups())
            return dt.date(year, month, day)
    except ValueError:
        pass
    if dates.looks_too_far(raw):
        return None
    raise CellError(_("Not a date (expected dd/mm/yyyy): %(value)s."), value=raw)


_TIME_TEXT = re.compile(r"(\d{1,2})\s*(?::|h|g|giờ)\s*(\d{2})?(?::\d{2})?\s*(?:p|phút)?")


def parse_time(value: Any) -> dt.time | None:
    """The time of day of a cell: a time or datetime cell, a fraction of a day (0.3125 →
    07:30), text `07:30`, `7h30`, `7g`, `7 giờ 30`; the time written after a date
    (`15/03/2024 07:30`). Empty, or a date without a time → None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        moment = value.time()
        shifted = value.tzinfo is None and _shifted_midnight(value) != value.date()
        return None if shifted or moment == dt.time(0) else moment.replace(microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(microsecond=0)
    if isinstance(value, dt.date):
        return None
    if isinstance(value, int | float):
        if 0 <= value < 1:
            minutes = round(value * 24 * 60)
            return dt.time(minutes // 60 % 24, minutes % 60)
        return None
    raw = str(value).strip().lower()
    if _DATE_TEXT.match(raw) or _ISO_TEXT.match(raw):
        raw = [*re.split(r"[\st]", raw, maxsplit=1), ""][1].strip()
    if not raw:
        return None
    match = _TIME_TEXT.fullmatch(raw)
    if match and int(match.group(1)) < 24 and int(match.group(2) or 0) < 60:
        return dt.time(int(match.group(1)), int(match.group(2) or 0))
    raise CellError(_("Not a time (expected hh:mm): %(value)s."), value=text(value))


# --------------------------------------------------------------------------- numbers


def parse_money(value: Any) -> int | None:
    """Whole đồng from `1.200.000`, `1,200,000`, `1200000đ`, `1 200 000 VND` or a number
    (rounded half up). Empty → None. Negative amounts and amounts above
    `numbers.MAX_MONEY` are refused."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError(_("Not an amount: %(value)s."), value=value)
    if isinstance(value, int | float):
        amount = Decimal(str(value))
    else:
        raw = re.sub(r"(?i)\s|vnd|vnđ|đồng|dong|đ|d$", "", str(value))
        if re.fullmatch(r"\d{1,3}([.,])\d{3}(\1\d{3})*", raw):
            raw = re.sub(r"[.,]", "", raw)
        elif re.fullmatch(r"\d+[.,]\d{1,2}", raw):
            raw = raw.replace(",", ".")
        try:
            amount = Decimal(raw)
        except InvalidOperation:
            raise CellError(_("Not an amount: %(value)s."), value=value) from None
    if not amount.is_finite():
        raise CellError(_("Not an amount: %(value)s."), value=value)
    if amount < 0:
        raise CellError(_("An amount cannot be negative: %(value)s."), value=value)
    if amount > numbers.MAX_MONEY:
        raise CellError(
            _("An amount cannot be above %(high)s: %(value)s."),
            high=numbers.MONEY.written(numbers.MAX_MONEY),
            value=value,
        )
    return int(amount.quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def parse_decimal(value: Any, places: int, high: int, units: str = r"lít|lit|l$") -> Decimal | None:
    """A quantity above 0 and at most `high`, rounded half up to `places` decimals; empty →
    None. A single `,` or `.` is the decimal mark (`250,5` and `250.5` are 250.5 L); with both
    marks the last one is (`1.250,5` and `1,250.5` are 1250.5); a mark repeated is a
    thousands separator (`1.250.000`). `units`: the unit words dropped (a regex; litres by
    default)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError(_("Not a number: %(value)s."), value=value)
    raw = re.sub(rf"(?i)\s|{units}", "", text(value))
    marks = re.findall(r"[.,]", raw)
    if len(set(marks)) == 2:
        decimal_mark = raw[max(raw.rfind("."), raw.rfind(","))]
        raw = raw.replace("," if decimal_mark == "." else ".", "").replace(",", ".")
    elif len(marks) > 1:
        raw = raw.replace(marks[0], "")
    else:
        raw = raw.replace(",", ".")
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise CellError(_("Not a number: %(value)s."), value=value) from None
    if not number.is_finite():
        raise CellError(_("Not a number: %(value)s."), value=value)
    if not 0 < number <= high:
        raise CellError(
            _("Expected a number above 0 and at most %(high)s: %(value)s."), high=high, value=value
        )
    return number.quantize(Decimal(1).scaleb(-places), rounding="ROUND_HALF_UP")


def parse_km(value: Any) -> Decimal | None:
    """A road distance in km, one decimal, at most 5,000: `12,5 km`, `12.5`, `15km`, 32."""
    return parse_decimal(value, 1, 5000, units=r"km$")


def parse_int(value: Any, low: int, high: int) -> int | None:
    """A whole number within [low, high] (e.g. a year); empty → None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(text(value).replace(",", "."))
    except InvalidOperation:
        raise CellError(_("Not a number: %(value)s."), value=value) from None
    if not number.is_finite() or number != number.to_integral_value() or not low <= number <= high:
        raise CellError(
            _("Expected a whole number from %(low)s to %(high)s: %(value)s."),
            low=low,
            high=high,
            value=value,
        )
    return int(number)


# --------------------------------------------------------------------------- identifiers


def parse_phone(value: Any) -> str:
    """A phone number in any form, in the one stored form (`core.phones.canonical_phone`):
    `+84 901 234 567`, `84901234567`, `0901.234.567` → `0901234567`; a number cell that lost
    its leading 0 (901234567) gets it back; landlines `028 3823 4567` → `02838234567`.
    Empty → ""."""
    raw = text(value)
    try:
        return canonical_phone(raw)
    except ValidationError:
        raise CellError(_("Not a phone number: %(value)s."), value=value) from None


def parse_plate(value: Any) -> str:
    """A plate in any spelling (`51c-123.45`, `51C 12345`) → `51C12345`; else an error."""
    plate = normalise_plate(text(value))
    try:
        validate_plate(plate)
    except ValidationError:
        raise CellError(_("Not a licence plate: %(value)s."), value=value) from None
    return plate


# --------------------------------------------------------------------------- words

_YES = {"co", "x", "yes", "y", "1", "true", "v", "co xuat", "co vat"}
_NO = {"", "khong", "no", "n", "0", "false", "khong xuat", "khong vat", "k"}


def parse_yes_no(value: Any) -> bool:
    """`Có`, `x`, `yes`, 1 → True; `Không`, empty, `no`, 0 → False."""
    if isinstance(value, bool):
        return value
    folded = fold(value)
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise CellError(_("Expected yes/no (Có/Không): %(value)s."), value=value)


def choice(value: Any, table: dict[str, str], what: str) -> str:
    """The code of `value` in `table` (keys are folded words); an unknown word is an error
    listing the accepted ones."""
    folded = fold(value)
    for word, code in table.items():
        if folded == word:
            return code
    raise CellError(
        _("Unknown %(what)s %(value)s; expected one of: %(words)s."),
        what=what,
        value=text(value),
        words=", ".join(sorted(table)),
    )


def optional(parser: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`parser` for a cell that may be left empty (empty → "")."""
    return lambda value: parser(value) if text(value) else ""


def one_of(table: dict[str, str], what: Any) -> Callable[[Any], str]:
    """A parser for an optional cell holding one of `table`'s words (see `choice`)."""
    return optional(lambda value: choice(value, table, what))


_TERM = re.compile(r"(\d+)\s*(?:~|-|–|den|toi)?\s*(\d+)?\s*(ngay|day|days|thang|month|months)?")

TERM_UNITS = {
    "ngay": PaymentTermUnit.DAYS,
    "day": PaymentTermUnit.DAYS,
    "days": PaymentTermUnit.DAYS,
    "thang": PaymentTermUnit.MONTHS,
    "month": PaymentTermUnit.MONTHS,
    "months": PaymentTermUnit.MONTHS,
}


def parse_payment_term(value: Any) -> Parsed:
    """Free text → Parsed((term, unit)) or Parsed(None, warning) when it cannot be read.

    `30 ngày` → (30, DAYS); `1 tháng` → (1, MONTHS); a number alone → days; a range
    `25~30 ngày` → its upper end (30, the latest the customer is expected to pay) with a
    warning naming the range. The text is always kept by the caller.
    """
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 1:
        return Parsed((int(value), PaymentTermUnit.DAYS))
    folded = fold(value)
    if not folded:
        return Parsed(None)
    match = _TERM.search(folded)
    if match is None or int(match.group(1)) < 1:
        message = _("Payment term not understood; kept as text: %(value)s.")
        return Parsed(None, Message(message, {"value": text(value)}))
    low, high, unit = match.groups()
    term = int(high or low)
    unit_code = TERM_UNITS.get(unit or "ngay", PaymentTermUnit.DAYS)
    if high:
        return Parsed(
            (term, unit_code),
            Message(
                _("Payment term %(value)s is a range; %(term)s %(unit)s used."),
                {"value": text(value), "term": term, "unit": PaymentTermUnit(unit_code).label},
            ),
        )
    return Parsed((term, unit_code))


STATEMENT_RULES: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"\b15\b.*(30|31|cuoi thang)|2 lan"), StatementCycle.BIMONTHLY),
    (re.compile(r"\b25\b"), StatementCycle.MONTHLY_25),
    (re.compile(r"\b(30|31)\b|cuoi thang"), StatementCycle.MONTHLY_30),
    (re.compile(r"tuan|weekly|week"), StatementCycle.WEEKLY),
)


def parse_statement_rule(value: Any) -> Parsed:
    """`chốt bảng kê ngày 25` → MONTHLY_25; `cuối tháng`/`ngày 30` → MONTHLY_30; `hàng tuần`
    → WEEKLY; `ngày 15 và cuối tháng` → BIMONTHLY; otherwise Parsed("", warning)."""
    folded = fold(value)
    if not folded:
        return Parsed("")
    for pattern, cycle in STATEMENT_RULES:
        if pattern.search(folded):
            return Parsed(cycle)
    message = _("Statement rule not understood; kept as text: %(value)s.")
    return Parsed("", Message(message, {"value": text(value)}))
