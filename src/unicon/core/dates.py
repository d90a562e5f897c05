"""Dates and moments typed by people, and the one range every one of them must fall in.

Reading: ISO (`2026-12-05`, what browsers' own pickers send) and the Vietnamese `05/12/2026`
(`05-12-2026`, `05.12.2026`), with an optional `HH:mm` — whatever the browser's or the
user's language (never the American month first). Used by every page form (Django's input
formats: `unicon.core.formats`), the list filters (`core.filtering`) and the page helpers
(`web.common`).

The range: a trucking company's business dates run from `FIRST_DAY` (01/01/2000) to
`LAST_DAY` (31/12/2099). A day or a moment (a moment by its business day, Asia/Ho_Chi_Minh)
outside it is a typing mistake or garbage (0001-01-01, 9999-12-31, year 10000), refused
before it reaches a service's arithmetic (adding days, converting to the business time zone:
OverflowError near the ends of Python's calendar) or the database — a clear validation
error naming the field in the reader's language, never a 500. One rule, used like
`core.numbers`:

* `check(value, field, label)` → `ValidationFailed` (400 VALIDATION_ERROR) whose message
  names the field (`label`, translated) and whose details are keyed by the API's field name;
* API request schemas type their fields `Day` / `Moment`: the OpenAPI document shows the
  bounds (`formatMinimum`/`formatMaximum`) and a value outside them (or a year of five
  digits) is the same 400, keyed by the field's path (`stops[0].plannedArrival`);
* page forms use `DayField` / `MomentField` (same sentence, and the browser's min/max);
* list filters refuse a day outside the range, and a "to" before its "from"
  (`core.filtering`); the workbook import's date cells (`dataio.values.parse_date`) and the
  commands' date options (`day_argument`) read the same bounds.

Values already stored outside the range (older data, admin edits) are still shown: the
display helpers (`core.display`) fall back to UTC where the business time zone cannot be
reached.
"""

import datetime as dt
import re
from typing import Annotated, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import Field, ValidationInfo, WrapValidator
from pydantic_core import PydanticCustomError

from unicon.core import display
from unicon.core.errors import ValidationFailed
from unicon.core.schemas import to_camel

#: Day first, never month first (Django's English default would read 05/12 as 12 May).
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y",
]

FIRST_DAY = dt.date(2000, 1, 1)
"""The earliest business date anywhere in the system (a day typed, imported or filtered by)."""

LAST_DAY = dt.date(2099, 12, 31)
"""The latest business date anywhere in the system. Far enough for any plan, contract or
paper's expiry; near enough that adding a year of days never leaves Python's calendar."""

#: The error type of a value outside the range in the API's validation errors.
OUT_OF_RANGE = "date_out_of_range"

# a day written with a year of five digits or more (31/12/99999, 10000-01-01)
_TOO_FAR = re.compile(
    r"\s*(?:\d{1,2}[/.\-]\d{1,2}[/.\-][+-]?\d{5,}|[+-]?\d{5,}-\d{1,2}-\d{1,2})(?:[T\s].*)?"
)


def written(day: dt.date) -> str:
    """A day as the pages write it: 01/01/2000."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def _zone() -> dt.tzinfo:
    return timezone.get_default_timezone()


def first_moment() -> dt.datetime:
    """The first moment of `FIRST_DAY` in the business time zone (aware)."""
    return dt.datetime.combine(FIRST_DAY, dt.time.min, tzinfo=_zone())


def last_moment() -> dt.datetime:
    """The last moment of `LAST_DAY` in the business time zone (aware)."""
    return dt.datetime.combine(LAST_DAY, dt.time.max, tzinfo=_zone())


def in_range(value: dt.date | dt.datetime) -> bool:
    """Whether a day, or a moment's business day, is within `FIRST_DAY`..`LAST_DAY`. A naive
    moment is read as business time; an aware one at any offset is compared as the instant
    it is (never converted, so the ends of Python's calendar cannot overflow)."""
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            low = dt.datetime.combine(FIRST_DAY, dt.time.min)
            high = dt.datetime.combine(LAST_DAY, dt.time.max)
            return low <= value <= high
        return first_moment() <= value <= last_moment()
    return FIRST_DAY <= value <= LAST_DAY


def within(day: dt.date) -> dt.date:
    """`day` moved into the range (`FIRST_DAY`/`LAST_DAY` when outside): the day a page works
    from when it navigates from a value stored outside the range."""
    return min(max(day, FIRST_DAY), LAST_DAY)


def business_day(moment: dt.datetime) -> dt.date:
    """The business day of a stored moment, within the range (`within`): never an
    OverflowError near the ends of the calendar (`core.display.local_day`)."""
    return within(display.local_day(moment))


def looks_too_far(text: Any) -> bool:
    """Whether `text` is a day written with a year of five digits or more (31/12/99999,
    10000-01-01): out of the range rather than a typing error of the format."""
    return isinstance(text, str) and _TOO_FAR.fullmatch(text) is not None


def refusal_text(label: Any = None) -> str:
    """The sentence refusing a day or moment outside the range, in the active language:
    "Planned start must be between 01/01/2000 and 31/12/2099." — or, without a `label`
    (a list filter, whose name the page writes beside it), "Enter a day between …"."""
    limits = {"first": written(FIRST_DAY), "last": written(LAST_DAY)}
    if label is None:
        return _("Enter a day between %(first)s and %(last)s.") % limits
    return _("%(field)s must be between %(first)s and %(last)s.") % {"field": label, **limits}


def refusal(value: Any, label: Any = None) -> str | None:
    """`refusal_text(label)` when `value` (a date or datetime) is outside the range; None when
    it is accepted (None and other types are not this check's business)."""
    if isinstance(value, dt.date) and not in_range(value):
        return refusal_text(label)
    return None


def check(value: Any, field: str, label: Any) -> Any:
    """`value` (a date or datetime) when it is within the range, else `ValidationFailed`
    (400) with the `refusal` sentence as message and as details under `field` (the API's
    name; snake_case is turned into camelCase). `label`: the field's name for people,
    translated. None passes (an optional value left empty)."""
    message = refusal(value, label)
    if message is not None:
        raise ValidationFailed(message, {to_camel(field): [message]})
    return value


def end_before_start() -> str:
    """The sentence refusing a period whose end is before its start (active language)."""
    return _("The end is before the start.")


def check_order(start: Any, end: Any, end_field: str) -> None:
    """`ValidationFailed` (400) on `end_field` (camelCase) when both are given and the day
    `end` is before the day `start` (a report's or list's period)."""
    if start is not None and end is not None and end < start:
        message = end_before_start()
        raise ValidationFailed(message, {to_camel(end_field): [message]})


def parse_date(text: str | None) -> dt.date | None:
    """A day in one of `DATE_INPUT_FORMATS`; None when empty or not a real day."""
    text = (text or "").strip()
    for fmt in DATE_INPUT_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_datetime(text: str | None) -> dt.datetime | None:
    """A naive moment in one of `DATETIME_INPUT_FORMATS` (ISO with seconds or an offset too);
    None when empty or invalid."""
    text = (text or "").strip()
    if not text:
        return None
    for fmt in DATETIME_INPUT_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


#: A day that cannot be read: in the format the pages show (their date inputs send it).
DATE_INVALID = gettext_lazy("Enter a real day as dd/mm/yyyy.")


def read_day(text: str | None, field: str, label: Any = None) -> dt.date | None:
    """A day typed in a query parameter or an option (ISO or dd/mm/yyyy), within the range;
    None when empty. Raises `ValidationFailed` with details under `field` (camelCase) when
    it is not a real day or is outside the range (the sentence names `label` when given;
    a page writes a parameter's name beside it)."""
    if not (text or "").strip():
        return None
    day = parse_date(text)
    if day is None:
        message = refusal_text(label) if looks_too_far(text) else str(DATE_INVALID)
        raise ValidationFailed(message, {to_camel(field): [message]})
    message = refusal(day, label)
    if message is not None:
        raise ValidationFailed(message, {to_camel(field): [message]})
    return day


# --------------------------------------------------------------------------- API schemas

#: The names people read for the API's date and datetime fields (snake_case, as in the
#: request schemas), used by `Day` and `Moment` in their refusal. Every request field typed
#: `Day`/`Moment` has one (tests/input/test_date_range.py checks it).
LABELS = {
    "planned_start": gettext_lazy("Planned start"),
    "planned_end": gettext_lazy("Planned end"),
    "planned_arrival": gettext_lazy("Planned arrival"),
    "planned_departure": gettext_lazy("Planned departure"),
    "occurred_at": gettext_lazy("Time of the check-in or check-out"),
    "filled_at": gettext_lazy("Filled at"),
    "repaired_on": gettext_lazy("Repair date"),
    "next_service_on": gettext_lazy("Next service due on"),
    "issue_date": gettext_lazy("Invoice date"),
    "valid_from": gettext_lazy("Valid from"),
    "valid_to": gettext_lazy("Valid to"),
    "period_start": gettext_lazy("Period start"),
    "period_end": gettext_lazy("Period end"),
    "due_date": gettext_lazy("Due date"),
    "paid_on": gettext_lazy("Payment date"),
    "as_of": gettext_lazy("As of"),
    "start": gettext_lazy("From date"),
    "end": gettext_lazy("To date"),
    "date": gettext_lazy("Date"),
    "date_from": gettext_lazy("From date"),
    "date_to": gettext_lazy("To date"),
    "licence_expiry": gettext_lazy("Licence valid until"),
    "inspection_expiry": gettext_lazy("Inspection valid until"),
    "insurance_expiry": gettext_lazy("Insurance valid until"),
    "operation_permit_expiry": gettext_lazy("Operation permit valid until"),
}


def label_for(name: str | None) -> Any:
    """The people's name of the API field `name` (snake_case or camelCase)."""
    if not name:
        return _("Date")
    snake = re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()
    return LABELS.get(snake) or snake.replace("_", " ").capitalize()


def _bounded(value: Any, handler, info: ValidationInfo, day_first) -> Any:
    """`Day`/`Moment`: pydantic's own reading (ISO), else the pages' day-first writing
    (`day_first`: `parse_date` / `parse_datetime`); then the range (or a five-digit year)."""
    try:
        parsed = handler(value)
    except ValueError:
        typed = day_first(value) if isinstance(value, str) else None
        if typed is not None:
            parsed = handler(typed)
        elif looks_too_far(value):
            label = label_for(info.field_name)
            raise PydanticCustomError(OUT_OF_RANGE, refusal_text(label)) from None
        else:
            raise
    if parsed is not None and not in_range(parsed):
        raise PydanticCustomError(OUT_OF_RANGE, refusal_text(label_for(info.field_name)))
    return parsed


def _bounded_day(value: Any, handler, info: ValidationInfo) -> Any:
    return _bounded(value, handler, info, parse_date)


def _bounded_moment(value: Any, handler, info: ValidationInfo) -> Any:
    return _bounded(value, handler, info, parse_datetime)


def _schema_extra(low: str, high: str) -> dict:
    return {"formatMinimum": low, "formatMaximum": high}


Day = Annotated[
    dt.date,
    WrapValidator(_bounded_day),
    Field(
        description=f"a day from {FIRST_DAY} to {LAST_DAY} (ISO, or dd/mm/yyyy)",
        json_schema_extra=_schema_extra(str(FIRST_DAY), str(LAST_DAY)),
    ),
]
"""A request schema's day from 2000-01-01 to 2099-12-31: ISO `YYYY-MM-DD` (or dd/mm/yyyy, as the
pages write it)."""

Moment = Annotated[
    dt.datetime,
    WrapValidator(_bounded_moment),
    Field(
        description=(
            f"ISO date-time; its day (Asia/Ho_Chi_Minh when no offset) from {FIRST_DAY} to "
            f"{LAST_DAY}"
        ),
        json_schema_extra=_schema_extra(
            f"{FIRST_DAY}T00:00:00+07:00", f"{LAST_DAY}T23:59:59+07:00"
        ),
    ),
]
"""A request schema's moment: ISO date-time whose business day is within the range."""


def _path(loc: tuple | list) -> str:
    """A validation error's location as the API's field path: ("body", "payload", "stops",
    0, "plannedArrival") → `stops[0].plannedArrival`; ("query", "dateFrom") → `dateFrom`."""
    parts = list(loc)
    if parts and parts[0] in ("body", "form", "query", "path", "header", "cookie"):
        where = parts.pop(0)
        if where in ("body", "form") and len(parts) > 1 and isinstance(parts[0], str):
            parts.pop(0)  # the handler's argument name ("payload")
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{to_camel(str(part))}" if text else to_camel(str(part))
    return text


def refused_range(errors: list[dict]) -> ValidationFailed | None:
    """The 400 for request validation errors that are all days or moments outside the range
    (`Day`, `Moment`): the first refusal as message, every one in `details` under its field
    path. None when any other error is among them (the caller answers those as it does)."""
    if not errors or any(e.get("type") != OUT_OF_RANGE for e in errors):
        return None
    details: dict[str, list[str]] = {}
    for error in errors:
        details.setdefault(_path(error.get("loc", ())), []).append(str(error.get("msg", "")))
    return ValidationFailed(str(errors[0].get("msg", "")), details)


# --------------------------------------------------------------------------- page forms


class _InRange:
    """Form-field part shared by `DayField` and `MomentField`: the browser's min/max, a year
    of five digits read as out of range, and `refusal`'s sentence — naming the field by its
    label, or not (`named=False`: a list filter, whose page writes the name beside it)."""

    low: str
    high: str
    named: bool = True

    def _refusal_label(self) -> Any:
        return (self.label or _("Date")) if self.named else None

    def widget_attrs(self, widget) -> dict:
        return {**super().widget_attrs(widget), "min": self.low, "max": self.high}

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            if looks_too_far(value):
                message = refusal_text(self._refusal_label())
                raise forms.ValidationError(message, code="out_of_range") from None
            raise

    def validate(self, value) -> None:
        super().validate(value)
        if value not in self.empty_values:
            message = refusal(value, self._refusal_label())
            if message is not None:
                raise forms.ValidationError(message, code="out_of_range")


class DayField(_InRange, forms.DateField):
    """A page form's day (ISO or dd/mm/yyyy) within `FIRST_DAY`..`LAST_DAY`, typed in the
    browser's date picker."""

    low, high = str(FIRST_DAY), str(LAST_DAY)

    def __init__(self, *, named: bool = True, **kwargs) -> None:
        self.named = named
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault("error_messages", {"invalid": DATE_INVALID})
        super().__init__(**kwargs)


class MomentField(_InRange, forms.DateTimeField):
    """A page form's moment (`<input type="datetime-local">`, or dd/mm/yyyy HH:mm) in the
    business time zone, whose day is within `FIRST_DAY`..`LAST_DAY`."""

    low, high = f"{FIRST_DAY}T00:00", f"{LAST_DAY}T23:59"

    def __init__(self, *, named: bool = True, **kwargs) -> None:
        self.named = named
        kwargs.setdefault(
            "widget",
            forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        )
        kwargs.setdefault("input_formats", DATETIME_INPUT_FORMATS)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        """A stored moment shown in the business time zone, or in UTC when it is too near the
        ends of the calendar to be converted (`core.display`) — never an OverflowError."""
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            return display.local(value).replace(tzinfo=None)
        return value


def bound_fields(form: forms.BaseForm) -> None:
    """Turn a form's plain `DateField`/`DateTimeField` (a ModelForm's, made from the model)
    into `DayField`/`MomentField` with the same label, help text and requiredness."""
    for name, field in list(form.fields.items()):
        if isinstance(field, _InRange):
            continue
        kind = (
            MomentField
            if isinstance(field, forms.DateTimeField)
            else DayField
            if isinstance(field, forms.DateField)
            else None
        )
        if kind is not None:
            form.fields[name] = kind(
                label=field.label,
                required=field.required,
                help_text=field.help_text,
                initial=field.initial,
                disabled=field.disabled,
            )


# --------------------------------------------------------------------------- commands

#: The most days an age option may reach back (`--days N`: files or rows older than N
#: days): the length of the whole range, 100 years; more would leave Python's calendar.
MAX_AGE_DAYS = (LAST_DAY - FIRST_DAY).days + 1


def option_day(text: str | None, option: str) -> dt.date | None:
    """A command's date option (`--date`, ISO or dd/mm/yyyy) within the range; None when not
    given. Raises `ValidationFailed` naming the option (a `ServiceCommand` exits with it)."""
    return read_day(text, option.lstrip("-"), option)


def check_age_days(days: int, option: str = "--days", low: int = 0) -> int:
    """`days` when it is from `low` to `MAX_AGE_DAYS`, else `ValidationFailed` naming the
    option."""
    if not low <= days <= MAX_AGE_DAYS:
        message = _("%(option)s must be from %(low)s to %(high)s.") % {
            "option": option,
            "low": low,
            "high": MAX_AGE_DAYS,
        }
        raise ValidationFailed(message, {option.lstrip("-"): [message]})
    return days
