"""Integer-VND arithmetic of invoices: VAT per rate group, half-up rounding, amount in words.

The rounding rule (README "Billing"): the VAT of an invoice is computed once per VAT-rate
group as (sum of the group's line amounts) × rate / 100, rounded half up to a whole đồng;
the invoice's VAT is the sum of the groups' VAT, its total = subtotal + VAT. This follows
Decree 123/2020/ND-CP art. 10 (an invoice shows VAT per rate) and Circular 78/2021/TT-BTC,
and the business works in whole đồng. Only `int` is accepted: a float or a Decimal raises
`TypeError`, so none can reach a money field.
"""

from collections.abc import Iterable
from dataclasses import dataclass

#: Percent of each VatRate code; "NS" (not subject) carries no VAT.
PERCENT = {"0": 0, "5": 5, "8": 8, "10": 10, "NS": 0}


def _int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int of VND, not {type(value).__name__}")
    return value


def line_amount(quantity: int, unit_price: int) -> int:
    """quantity × unit price, both integers (quantity > 0, unit price ≥ 0 checked by callers)."""
    return _int(quantity, "quantity") * _int(unit_price, "unit_price")


def vat_of(base: int, rate: str) -> int:
    """VAT of a rate group: base × percent / 100 rounded half up (away from zero for a
    negative base, so an adjustment mirrors the original). Raises KeyError on an unknown rate."""
    percent = PERCENT[rate]
    base = _int(base, "base")
    whole, rest = divmod(abs(base) * percent, 100)
    value = whole + (1 if rest * 2 >= 100 else 0)
    return -value if base < 0 else value


@dataclass(frozen=True)
class RateGroup:
    rate: str
    base: int
    vat: int


@dataclass(frozen=True)
class Totals:
    groups: list[RateGroup]
    subtotal: int
    vat: int
    total: int


def totals(lines: Iterable[tuple[int, str]]) -> Totals:
    """Totals of (amount, VAT rate code) lines: groups in the order 10, 8, 5, 0, NS."""
    bases: dict[str, int] = {}
    for amount, rate in lines:
        if rate not in PERCENT:
            raise KeyError(rate)
        bases[rate] = bases.get(rate, 0) + _int(amount, "amount")
    order = ["10", "8", "5", "0", "NS"]
    groups = [RateGroup(r, bases[r], vat_of(bases[r], r)) for r in order if r in bases]
    subtotal = sum(g.base for g in groups)
    vat = sum(g.vat for g in groups)
    return Totals(groups, subtotal, vat, subtotal + vat)


_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_SCALES = ["", "nghìn", "triệu"]


def _triple(n: int, full: bool) -> list[str]:
    """Words of 0 < n < 1000; `full` when a higher group precedes it (so 5 → "không trăm
    linh năm", the usual reading on Vietnamese invoices)."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1 and tens >= 2:
        words.append("mốt")
    elif units == 5 and tens >= 1:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def _scale(index: int) -> str:
    """Name of the index-th group of three digits: "", nghìn, triệu, tỷ, nghìn tỷ, …"""
    return " ".join(w for w in [_SCALES[index % 3], *["tỷ"] * (index // 3)] if w)


def _words(n: int) -> list[str]:
    groups: list[int] = []
    while n:
        n, rest = divmod(n, 1000)
        groups.append(rest)
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        if groups[index]:
            words += _triple(groups[index], full=bool(words))
            if scale := _scale(index):
                words.append(scale)
    return words


def in_words(amount: int) -> str:
    """Vietnamese reading of an integer VND amount, capitalised, ending in "đồng":
    1200000 → "Một triệu hai trăm nghìn đồng"; 0 → "Không đồng"; negative → "Âm …"."""
    amount = _int(amount, "amount")
    words = ["không"] if amount == 0 else _words(abs(amount))
    if amount < 0:
        words = ["âm", *words]
    text = " ".join([*words, "đồng"])
    return text[0].upper() + text[1:]
