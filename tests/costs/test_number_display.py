"""Litres and đồng in the costs pages' messages follow the reader's language: the decimal
mark of the language ("120,5 L" in Vietnamese, "120.5 L" in English) and grouped đồng; the
fuel pages offer only the vehicles that take fuel."""

import pytest
from django.conf import settings

from tests.costs.conftest import upload_file
from unicon.fleet.models import VehicleType

FILL = {
    "filled_at": "2026-11-20T08:30",
    "litres": "120.5",
    "unit_price": "20000",
    "odometer_km": "150000",
    "station": "Petrolimex",
}


@pytest.fixture
def page(web_login, driver_client):
    def open_as(language: str):
        client = web_login(driver_client.user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return open_as


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", "120,5 L, 2.410.000 đ"),
        ("en", "120.5 L, 2.410.000 đ"),
    ],
)
def test_saved_fill_message_writes_litres_and_dong_for_the_reader(
    page, tractor, language, expected
):
    client = page(language)
    response = client.post(
        "/costs/fuel/new/", {**FILL, "vehicle": str(tractor.public_id)}, follow=True
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert expected in text
    assert "120.500" not in text and "120,500" not in text
    assert "120,5 L" in text if language == "vi" else "120.5 L" in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", "3.000.000 đ không khớp 120,5 L × 20.000 đ = 2.410.000 đ"),
        ("en", "3.000.000 đ does not match 120.5 L × 20.000 đ = 2.410.000 đ"),
    ],
)
def test_amount_mismatch_writes_litres_and_dong_for_the_reader(page, tractor, language, expected):
    client = page(language)
    response = client.post(
        "/costs/fuel/new/", {**FILL, "vehicle": str(tractor.public_id), "amount": "3000000"}
    )
    assert expected in response.content.decode()


def test_fuel_pages_offer_only_vehicles_that_take_fuel(page, make_vehicle, tractor):
    trailer = make_vehicle(VehicleType.TRAILER)
    client = page("vi")
    for url in ("/costs/fuel/", "/costs/fuel/new/"):
        text = client.get(url).content.decode()
        assert str(tractor.public_id) in text, url
        assert str(trailer.public_id) not in text, url
    refused = client.post(
        "/costs/fuel/new/",
        {**FILL, "vehicle": str(trailer.public_id), "receipt": upload_file(b"", "r.jpg")},
    )
    assert refused.status_code == 200
    assert "Đã lưu" not in refused.content.decode()
