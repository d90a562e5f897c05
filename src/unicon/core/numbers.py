"""The bounds of every number the system takes in, and the one check of them.

A whole number or a decimal typed on a page, sent in an API body or read from an imported
workbook is checked against its `Bound` before it reaches a service's arithmetic or the
database, so an absurd value (25 nines) is a clear validation error naming the field in the
reader's language — never a database overflow (SQLite's 64-bit INTEGER, PostgreSQL's
integer/bigint/numeric columns) answered as a server error. One rule, used four ways:

* services call `check(value, bound, field, label)`: `ValidationFailed` (400
  VALIDATION_ERROR) whose message names the field (`label`, translated) and whose details
  are keyed by the API's field name (`field`, camelCase);
* page forms use `IntegerInput` / `DecimalInput`, which refuse with the same sentence
  before the service is called and give the browser the same min/max;
* API schemas declare the bound in the OpenAPI document with `schema_type(bound)`; the
  service checks it, so the API answers the same 400 as for any other invalid value;
* the workbook import's cell parsers (`dataio.values`) read the same constants.

A computed value (quantity × unit price, the total of an invoice or a repair) is checked
with the same `check` before it is stored.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext as _
from pydantic import Field, StrictInt

from unicon.core import display
from unicon.core.errors import ValidationFailed
from unicon.core.schemas import to_camel

MAX_MONEY = 10**15
"""The largest amount of money anywhere in the system, in whole đồng (VND): 10^15 đ, one
million billion (một triệu tỷ) đồng.

Far above any real price, charge, payment, receivable or invoice of a trucking company (a
year's revenue is below 10^12 đ), so it refuses only typing mistakes and garbage. Every money
column is a 64-bit integer (at most about 9.2 × 10^18), so quantities × prices and sums of
thousands of maximal amounts still fit; and 10^15 is below 2^53, so spreadsheets and
JavaScript, which read JSON numbers as doubles, keep every đồng exact. Totals computed from
amounts (a charge's quantity × unit price, an invoice, a statement, a repair) are held to
the same maximum.
"""

MAX_QUANTITY = 100_000
"""The most units on one charge or repair line (containers, days, hours, parts)."""

MAX_ODOMETER_KM = 9_999_999
"""The highest odometer reading (and next-service km) in km: seven digits, as on a truck."""

MAX_LITRES = Decimal(2000)
"""The most litres of one fuel fill: the largest tractor tanks hold about 1 000 L."""

MAX_FUEL_PRICE = 9_999_999
"""The highest fuel price in đồng per litre (diesel is about 20 000 đ/L); the column is a
32-bit integer."""


@dataclass(frozen=True)
class Bound:
    """The accepted range of one kind of number: `low` ≤ value ≤ `high`.

    Integer bounds take only `int` (never bool, float or text); decimal bounds (`low` and
    `high` are `Decimal`) take `Decimal` or `int` with at most `places` decimals. `unit` is
    written after the limit in messages ("đ", "km", "L").
    """

    low: int | Decimal
    high: int | Decimal
    unit: str = ""
    places: int = 0

    @property
    def whole(self) -> bool:
        return not isinstance(self.high, Decimal)

    def written(self, limit: int | Decimal) -> str:
        """A limit as people read it: `1.000.000.000.000.000 đ`, `2.000 L`."""
        text = display.grouped(limit) if self.whole else display.quantity(limit, self.places)
        return f"{text} {self.unit}" if self.unit else text


#: An amount or price ≥ 0 (tariffs, unit prices, receipts, purchase invoices).
MONEY = Bound(0, MAX_MONEY, "đ")
#: An amount that must be above 0 (payments, allocations, opening balances).
POSITIVE_MONEY = Bound(1, MAX_MONEY, "đ")
#: An amount as written on an e-invoice (an adjustment may be negative).
SIGNED_MONEY = Bound(-MAX_MONEY, MAX_MONEY, "đ")
#: Whole units on a charge.
QUANTITY = Bound(1, MAX_QUANTITY)
#: A measured quantity on a repair line (3 decimals).
DECIMAL_QUANTITY = Bound(Decimal("0.001"), Decimal(MAX_QUANTITY), places=3)
#: An odometer reading or the km of the next service.
ODOMETER_KM = Bound(0, MAX_ODOMETER_KM, "km")
#: The litres of one fuel fill (3 decimals, as pumps show them).
LITRES = Bound(Decimal("0.001"), MAX_LITRES, "L", places=3)
#: The price of one litre of fuel.
FUEL_PRICE = Bound(1, MAX_FUEL_PRICE, "đ")
#: Quantity and unit price of a purchase e-invoice's line: 6 decimals as the tax office's
#: format allows (the columns keep 4), within what the columns hold.
INVOICE_LINE_QUANTITY = Bound(Decimal(-(10**9)), Decimal(10**9), places=6)
INVOICE_UNIT_PRICE = Bound(Decimal(-(10**12)), Decimal(10**12), "đ", places=6)


def refusal(value: Any, bound: Bound, label: Any) -> str | None:
    """The sentence refusing `value` for the field called `label` (e.g. "Unit price must be
    at most 1.000.000.000.000.000 đ."), in the active language; None when it is accepted."""
    kinds = int if bound.whole else int | Decimal
    if isinstance(value, bool) or not isinstance(value, kinds):
        if bound.whole:
            return _("%(field)s must be a whole number.") % {"field": label}
        return _("%(field)s must be a number.") % {"field": label}
    if isinstance(value, Decimal) and not value.is_finite():
        return _("%(field)s must be a number.") % {"field": label}
    if value < bound.low:
        return _("%(field)s must be at least %(limit)s.") % {
            "field": label,
            "limit": bound.written(bound.low),
        }
    if value > bound.high:
        return _("%(field)s must be at most %(limit)s.") % {
            "field": label,
            "limit": bound.written(bound.high),
        }
    if isinstance(value, Decimal) and value.as_tuple().exponent < -bound.places:
        return _("%(field)s may have at most %(places)s decimal places.") % {
            "field": label,
            "places": bound.places,
        }
    return None


def check(value: Any, bound: Bound, field: str, label: Any) -> Any:
    """`value` when `bound` accepts it, else `ValidationFailed` (400) with the `refusal`
    sentence as message and as details under `field` (the API's name; snake_case is turned
    into camelCase). `label` is the field's name for people, translated."""
    message = refusal(value, bound, label)
    if message is not None:
        raise ValidationFailed(message, {to_camel(field): [message]})
    return value


def check_optional(value: Any, bound: Bound, field: str, label: Any) -> Any:
    """`check` for a field that may be left empty: None passes as None."""
    return None if value is None else check(value, bound, field, label)


def schema_type(bound: Bound, base: Any = StrictInt, description: str = "") -> Any:
    """An API schema field type declaring `bound` in the OpenAPI document (minimum, maximum).

    The value is checked by the service (`check`), which answers 400 naming the field like
    every other invalid value; `base` is the JSON type read (StrictInt: no floats or text).
    """
    low, high = (bound.low, bound.high) if bound.whole else (float(bound.low), float(bound.high))
    extra = {"minimum": low, "maximum": high}
    return Annotated[base, Field(description=description or None, json_schema_extra=extra)]


class _Bounded:
    """Form-field part shared by `IntegerInput` and `DecimalInput`: the bound's min/max for
    the browser, and `refusal`'s sentence (with the field's label) instead of Django's."""

    bound: Bound

    def _drop_range_validators(self) -> None:
        self.validators = [
            v for v in self.validators if not isinstance(v, MinValueValidator | MaxValueValidator)
        ]

    def validate(self, value) -> None:
        super().validate(value)
        if value not in self.empty_values:
            message = refusal(value, self.bound, self.label or "")
            if message is not None:
                raise forms.ValidationError(message, code="out_of_range")


class IntegerInput(_Bounded, forms.IntegerField):
    """A page form's whole number within `bound` (money in đồng, quantities, km)."""

    def __init__(self, bound: Bound, **kwargs) -> None:
        self.bound = bound
        super().__init__(min_value=bound.low, max_value=bound.high, **kwargs)
        self._drop_range_validators()


class DecimalInput(_Bounded, forms.DecimalField):
    """A page form's decimal within `bound` (litres, quantities), at most `bound.places`
    decimals."""

    def __init__(self, bound: Bound, **kwargs) -> None:
        self.bound = bound
        super().__init__(
            min_value=bound.low, max_value=bound.high, decimal_places=bound.places, **kwargs
        )
        self._drop_range_validators()
