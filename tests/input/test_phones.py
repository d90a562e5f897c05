"""One canonical Vietnamese phone number (issue 12, item 2): stored with its leading 0,
validated, found by any written form, duplicates detected in canonical form."""

import pytest

from tests.shipments.conftest import body as shipment_body
from unicon.core.roles import Role

WRITTEN = ["+84 912 345 601", "84912345601", "(+84) 912-345-601", "0912 345 601", "912345601"]


def _error_fields(response) -> dict:
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    return response.json()["error"]["details"]


@pytest.mark.parametrize("written", WRITTEN)
def test_driver_accepts_every_written_form(login_as, today, written):
    response = login_as(Role.OPS).post(
        "/api/drivers",
        {
            "email": "an@unicon.local",
            "fullName": "Nguyễn Văn An",
            "phone": written,
            "licenceExpiry": today.replace(year=today.year + 1).isoformat(),
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["phone"] == "0912345601"


@pytest.mark.parametrize("written", [*WRITTEN, "912 345", "+84 912 34", "0912-345"])
def test_drivers_found_by_any_written_form(login_as, make_driver, written):
    make_driver("Nguyễn Văn An", "+84 912 345 601")
    make_driver("Lê Văn Bình", "0987 654 321")
    response = login_as(Role.DISPATCHER).get("/api/drivers", {"q": written})
    assert [d["fullName"] for d in response.json()["items"]] == ["Nguyễn Văn An"]


@pytest.mark.parametrize(
    "written",
    ["028 3823 4567", "12345", "09x1234567", "+84", "0123456789", "+65 6123 4567"],
)
def test_driver_phone_must_be_a_mobile(login_as, make_driver, written):
    driver = make_driver("Nguyễn Văn An", "0912345601")
    response = login_as(Role.OPS).patch(f"/api/drivers/{driver.public_id}", {"phone": written})
    assert "phone" in _error_fields(response)


def test_driver_duplicate_in_canonical_form(login_as, make_driver):
    make_driver("Nguyễn Văn An", "0912345601")
    other = make_driver("Lê Văn Bình", "0987654321")
    response = login_as(Role.OPS).patch(
        f"/api/drivers/{other.public_id}", {"phone": "+84 912 345 601"}
    )
    assert "0912345601" in _error_fields(response)["phone"][0]


def test_customer_landline_forms_are_one_number(login_as):
    client = login_as(Role.OPS)
    first = client.post(
        "/api/customers", {"code": "TCSG", "name": "Tân Cảng", "phone": "+84 28 3823 4567"}
    )
    assert first.status_code == 201, first.content
    assert first.json()["phone"] == "02838234567"
    second = client.post(
        "/api/customers", {"code": "TCSG2", "name": "Tân Cảng 2", "phone": "(028) 3823-4567"}
    )
    assert "phone" in _error_fields(second)
    found = client.get("/api/customers", {"q": "+84 28 3823"}).json()["items"]
    assert [c["code"] for c in found] == ["TCSG"]


@pytest.mark.parametrize(
    ("written", "stored"),
    [("+65 6123 4567", "+6561234567"), ("1900 1234", "19001234"), ("", "")],
)
def test_customer_other_numbers(login_as, written, stored):
    response = login_as(Role.OPS).post(
        "/api/customers", {"code": "XYZ", "name": "X", "phone": written}
    )
    assert response.status_code == 201, response.content
    assert response.json()["phone"] == stored


def test_users_canonical_and_duplicate(login_as):
    admin = login_as(Role.ADMIN)
    made = admin.post(
        "/api/users",
        {
            "email": "a@unicon.local",
            "fullName": "Đỗ An",
            "role": "OPS",
            "phone": "(+84) 912-345-601",
        },
    )
    assert made.status_code == 201, made.content
    assert made.json()["phone"] == "0912345601"
    twin = admin.post(
        "/api/users",
        {"email": "b@unicon.local", "fullName": "Đỗ Bình", "role": "OPS", "phone": "0912345601"},
    )
    assert "phone" in _error_fields(twin)
    bad = admin.patch(f"/api/users/{made.json()['id']}", {"phone": "12"})
    assert "phone" in _error_fields(bad)
    found = admin.get("/api/users", {"q": "+84 912 345"}).json()["items"]
    assert [u["email"] for u in found] == ["a@unicon.local"]


def test_contacts_of_locations_and_stops(login_as, make_customer):
    client = login_as(Role.OPS)
    location = client.post(
        "/api/locations",
        {"name": "Kho Sóng Thần", "kind": "WAREHOUSE", "contactPhone": "+84 909 123 456"},
    )
    assert location.status_code == 201, location.content
    assert location.json()["contactPhone"] == "0909123456"
    found = client.get("/api/locations", {"q": "84909123456"}).json()["items"]
    assert [loc["name"] for loc in found] == ["Kho Sóng Thần"]

    customer = str(make_customer().public_id)
    data = shipment_body(customerId=customer)
    data["stops"][0]["contactPhone"] = "+84 (0) 909 123 456"
    made = client.post("/api/shipments", data)
    assert made.status_code == 201, made.content
    assert made.json()["stops"][0]["contactPhone"] == "0909123456"
    data["stops"][1]["contactPhone"] = "not a phone"
    assert "stops[1].contactPhone" in _error_fields(client.post("/api/shipments", data))
