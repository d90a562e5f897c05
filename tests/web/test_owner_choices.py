"""The owner / employer selects of the vehicle and driver forms name the legal entities as
people do: "Công ty TNHH Khánh Huy", not "KHANH_HUY — Công ty TNHH Khánh Huy"; only two
entities of the same name are told apart (by tax code, else by code)."""

import re

from unicon.core.roles import Role
from unicon.fleet.models import LegalEntity


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group()
    return re.findall(r"<option[^>]*>(.*?)</option>", select)


def test_owner_and_employer_choices_show_names(make_user, web, make_vehicle, make_driver, settings):
    settings.LANGUAGE_CODE = "vi"
    LegalEntity.objects.create(code="KHANH_HUY", name="Công ty TNHH Khánh Huy")
    LegalEntity.objects.create(code="PHUOC_1", name="Công ty Phước Lộc", tax_code="0301111111")
    LegalEntity.objects.create(code="PHUOC_2", name="Công ty Phước Lộc")
    client = web(make_user(Role.OPS))
    vehicle = make_vehicle()
    driver = make_driver()
    pages = {
        "/resources/vehicles/new/": "owner_id",
        f"/resources/vehicles/{vehicle.public_id}/edit/": "owner_id",
        "/resources/drivers/new/": "employer_id",
        f"/resources/drivers/{driver.public_id}/edit/": "employer_id",
    }
    for url, field in pages.items():
        options = _options(client.get(url).content.decode(), field)
        assert "Công ty TNHH Khánh Huy" in options, (url, options)
        assert "Công ty Phước Lộc (MST 0301111111)" in options
        assert "Công ty Phước Lộc (PHUOC_2)" in options
        assert not any("KHANH_HUY" in o or "—" in o[1:] for o in options), options
