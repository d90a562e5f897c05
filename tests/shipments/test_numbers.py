import re
from datetime import UTC, datetime

import pytest

from unicon.shipments.models import NumberSequence
from unicon.shipments.numbering import next_shipment_number
from unicon.shipments.validators import (
    is_valid_container_number,
    iso6346_check_digit,
    normalise_container_number,
)


def test_numbers_have_the_format_and_never_repeat(create):
    numbers = [create()["number"] for _ in range(5)]
    assert all(re.fullmatch(r"SHP-\d{4}-\d{4}", n) for n in numbers)
    assert len(set(numbers)) == 5
    counters = [int(n.rsplit("-", 1)[1]) for n in numbers]
    assert counters == sorted(counters)
    assert counters == list(range(counters[0], counters[0] + 5))


def test_year_is_taken_in_vietnam_time():
    # 17:30 UTC on 31 December is already 00:30 on 1 January in Ho Chi Minh City.
    assert next_shipment_number(datetime(2026, 12, 31, 16, 59, tzinfo=UTC)) == "SHP-2026-0001"
    assert next_shipment_number(datetime(2026, 12, 31, 17, 30, tzinfo=UTC)) == "SHP-2027-0001"
    assert next_shipment_number(datetime(2026, 6, 1, tzinfo=UTC)) == "SHP-2026-0002"
    assert next_shipment_number(datetime(2027, 3, 1, tzinfo=UTC)) == "SHP-2027-0002"


def test_numbers_widen_past_9999():
    NumberSequence.objects.create(name="SHP-2030", last_value=9998)
    at = datetime(2030, 5, 1, tzinfo=UTC)
    assert next_shipment_number(at) == "SHP-2030-9999"
    assert next_shipment_number(at) == "SHP-2030-10000"
    assert next_shipment_number(at) == "SHP-2030-10001"


@pytest.mark.parametrize(
    "number", ["CSQU3054383", "MSKU9070323", "MSKU1234565", "msku 123456-5", "TCNU 1234567"]
)
def test_valid_container_numbers(number):
    if number == "TCNU 1234567":
        digit = iso6346_check_digit("TCNU123456")
        number = f"TCNU123456{digit}"
    assert is_valid_container_number(number)


@pytest.mark.parametrize(
    "number",
    ["CSQU3054384", "MSKU9070324", "MSKU1234560", "MSKX1234565", "MSK1234565", "MSKU12345", ""],
)
def test_invalid_container_numbers(number):
    assert not is_valid_container_number(number)


def test_container_number_normalised_through_the_api(create):
    assert create(containerNumber="csqu 305438-3")["containerNumber"] == "CSQU3054383"
    assert normalise_container_number("msku-907032.3") == "MSKU9070323"


def test_container_number_optional(create):
    assert create(containerNumber="")["containerNumber"] == ""
