"""`core.rawrows.PreparedValues`: a values() QuerySet compiled once answers every later lookup
with the rows the ORM would give, converted the same way (aware datetimes on SQLite too)."""

import datetime as dt

import pytest

from unicon.core.rawrows import PreparedValues
from unicon.customers.models import Customer

CODE = Customer._meta.get_field("code")
CREATED = Customer._meta.get_field("created_at")


def _by_code(code):
    return Customer.objects.filter(code=code).values("code", "name", "created_at")


@pytest.mark.django_db
def test_each_run_takes_its_own_values_and_converts_like_the_orm():
    for code, name in (("ALPHA", "Công ty Alpha"), ("BETA", "Công ty Beta")):
        Customer.objects.create(code=code, name=name)
    prepared = PreparedValues(_by_code, [(CODE, "SENTINEL1")])
    for code in ("ALPHA", "BETA", "NONE"):
        assert prepared.rows(code) == list(_by_code(code))
    [row] = prepared.rows("BETA")
    assert row["created_at"].tzinfo is not None


@pytest.mark.django_db
def test_a_value_used_twice_and_a_missing_sentinel():
    Customer.objects.create(code="ALPHA", name="Alpha")
    since = dt.datetime(1901, 1, 1, 0, 0, 0, 7, dt.UTC)
    twice = PreparedValues(
        lambda code, after: (
            Customer.objects.filter(code=code, created_at__gt=after)
            .exclude(created_at=after)
            .values("code")
        ),
        [(CODE, "SENTINEL1"), (CREATED, since)],
    )
    assert twice.rows("ALPHA", since) == [{"code": "ALPHA"}]
    assert twice.rows("ALPHA", dt.datetime(2999, 1, 1, tzinfo=dt.UTC)) == []
    absent = PreparedValues(lambda code: Customer.objects.values("code"), [(CODE, "SENTINEL1")])
    with pytest.raises(ValueError, match="not a parameter"):
        absent.rows("ALPHA")
