"""Search ignores accents and case everywhere a `q` exists (issue 12, item 1)."""

import pytest

from unicon.core.roles import Role
from unicon.customers.models import Location, LocationKind
from unicon.fleet.models import LegalEntity


def _names(client, path: str, q: str, key: str = "name") -> list[str]:
    response = client.get(path, {"q": q})
    assert response.status_code == 200, response.content
    return [item[key] for item in response.json()["items"]]


@pytest.fixture
def places():
    for name, address in (
        ("ICD Phước Long", "Đường Nguyễn Xiển, TP Thủ Đức"),
        ("Cảng Cát Lái", "Phường Cát Lái, TP Thủ Đức"),
        ("Kho Đồng Nai", "KCN Biên Hòa 2"),
    ):
        Location.objects.create(name=name, kind=LocationKind.DEPOT, address=address)


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("phuoc long", ["ICD Phước Long"]),
        ("PHƯỚC LONG", ["ICD Phước Long"]),
        ("PHUOC LONG", ["ICD Phước Long"]),
        ("long phuoc", ["ICD Phước Long"]),  # every word, in any order
        ("dong nai", ["Kho Đồng Nai"]),  # đ/Đ = d
        ("ĐỒNG", ["Kho Đồng Nai"]),
        ("thu duc", ["Cảng Cát Lái", "ICD Phước Long"]),  # the address too
        ("bien hoa", ["Kho Đồng Nai"]),
        ("cat lai  ", ["Cảng Cát Lái"]),
        ("hải phòng", []),
    ],
)
def test_locations_api(login_as, places, q, found):
    assert _names(login_as(Role.OPS), "/api/locations", q) == found


def test_customers_users_drivers_entities(login_as, make_customer, make_user, make_driver):
    make_customer(code="TANCANG", name="Tổng Công ty Tân Cảng Sài Gòn")
    make_customer(code="GEMA", name="Công ty CP Gemadept")
    make_user(Role.DISPATCHER, full_name="Trần Thị Điệp", email="diep@unicon.local")
    make_driver("Đặng Văn Đức", "0912345601")
    LegalEntity.objects.create(code="KHANHHUY", name="Công ty TNHH Khánh Huy")
    admin = login_as(Role.ADMIN)

    assert _names(admin, "/api/customers", "tan cang sai gon") == ["Tổng Công ty Tân Cảng Sài Gòn"]
    assert _names(admin, "/api/customers", "gema") == ["Công ty CP Gemadept"]
    assert _names(admin, "/api/users", "TRAN THI DIEP", "fullName") == ["Trần Thị Điệp"]
    assert _names(admin, "/api/drivers", "dang van duc", "fullName") == ["Đặng Văn Đức"]
    assert _names(admin, "/api/drivers", "ĐỨC", "fullName") == ["Đặng Văn Đức"]
    assert _names(admin, "/api/legal-entities", "khanh huy") == ["Công ty TNHH Khánh Huy"]


def test_search_text_follows_edits(login_as, places):
    client = login_as(Role.OPS)
    location = Location.objects.get(name="Cảng Cát Lái")
    response = client.patch(
        f"/api/locations/{location.public_id}", {"name": "Cảng Hiệp Phước", "address": "Nhà Bè"}
    )
    assert response.status_code == 200, response.content
    assert _names(client, "/api/locations", "hiep phuoc") == ["Cảng Hiệp Phước"]
    assert _names(client, "/api/locations", "cat lai") == []


def test_shipments_by_customer_name(login_as, make_customer, make_shipment):
    tan_cang = make_customer(code="TCSG", name="Tân Cảng Sài Gòn")
    other = make_customer(code="APT", name="An Phú Thịnh")
    wanted = make_shipment(customer=tan_cang)
    make_shipment(customer=other)
    client = login_as(Role.OPS)
    found = _names(client, "/api/shipments", "tan cang", "id")
    assert found == [str(wanted.public_id)]
    assert _names(client, "/api/shipments", "TÂN CẢNG SÀI GÒN", "id") == found
    assert _names(client, "/api/shipments", wanted.number.lower(), "id") == found


def test_a_customer_user_searches_only_their_own_shipments(login_as, make_customer, make_shipment):
    mine, theirs = make_customer(name="Đại Phát"), make_customer(name="Đại Phát Xanh")
    own = make_shipment(customer=mine)
    make_shipment(customer=theirs)
    client = login_as(Role.CUSTOMER_OWNER, customer=mine)
    assert _names(client, "/api/shipments", "dai phat", "id") == [str(own.public_id)]


def test_page_search_boxes(web, places, make_user):
    make_user(Role.ACCOUNTING, full_name="Đoàn Thu Hà", email="ha@unicon.local")
    ops = web(Role.OPS)
    page = ops.get("/resources/locations/", {"q": "phuoc long"}).content.decode()
    assert "ICD Phước Long" in page
    assert "Cảng Cát Lái" not in page
    users = web(Role.ADMIN).get("/manage/users/", {"q": "doan thu ha"}).content.decode()
    assert "ha@unicon.local" in users
