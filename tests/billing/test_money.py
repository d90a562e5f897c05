"""Money arithmetic as properties: integer VND only, VAT per rate group rounded half up."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unicon.billing.money import PERCENT, in_words, line_amount, totals, vat_of

RATES = st.sampled_from(sorted(PERCENT))
LINES = st.lists(
    st.tuples(st.integers(1, 1000), st.integers(0, 50_000_000), RATES), min_size=1, max_size=30
)


@given(LINES)
def test_totals_equal_the_sum_of_lines_and_groups(lines):
    amounts = [(line_amount(q, p), rate) for q, p, rate in lines]
    result = totals(amounts)
    assert result.subtotal == sum(a for a, _ in amounts)
    assert result.vat == sum(g.vat for g in result.groups)
    assert result.total == result.subtotal + result.vat
    for group in result.groups:
        base = sum(a for a, r in amounts if r == group.rate)
        assert group.base == base
        exact_hundredths = base * PERCENT[group.rate]  # VAT × 100, exact
        assert abs(group.vat * 100 - exact_hundredths) <= 50  # rounded to the nearest đồng
        assert group.vat * 100 - exact_hundredths != -50  # ... and a half goes up
    assert all(isinstance(v, int) for v in (result.subtotal, result.vat, result.total))


@given(st.integers(0, 10**12), RATES)
def test_vat_rounds_half_up(base, rate):
    vat = vat_of(base, rate)
    assert (vat - 1) * 100 < base * PERCENT[rate] + 50 <= vat * 100 + 100
    assert vat_of(-base, rate) == -vat


def test_half_a_dong_goes_up():
    assert vat_of(5, "10") == 1  # 0.5 → 1
    assert vat_of(4, "10") == 0  # 0.4 → 0
    assert vat_of(15, "10") == 2  # 1.5 → 2
    assert vat_of(1_000_000, "NS") == 0


@pytest.mark.parametrize("bad", [1.0, 2.5, "100"])
def test_no_float_reaches_a_money_field(bad):
    from decimal import Decimal

    with pytest.raises(TypeError):
        totals([(bad, "10")])
    with pytest.raises(TypeError):
        line_amount(1, bad)
    with pytest.raises(TypeError):
        vat_of(Decimal("1"), "10")


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (105, "Một trăm linh năm đồng"),
        (1_200_000, "Một triệu hai trăm nghìn đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (2_000_000_000, "Hai tỷ đồng"),
    ],
)
def test_amount_in_words(amount, words):
    assert in_words(amount) == words
