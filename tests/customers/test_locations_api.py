"""/api/locations: shared vs customer-owned visibility, writers, validation, conflicts, audit."""

from decimal import Decimal

import pytest

from tests.customers.fixtures import ALL_ROLES, audit_actions, expected, query_count
from unicon.core.models import AuditEntry
from unicon.core.roles import CUSTOMER_ROLES, Role
from unicon.customers.models import Location

INTERNAL_WRITERS = {Role.OPS, Role.DISPATCHER}

CAT_LAI = {
    "name": "Cảng Cát Lái",
    "kind": "PORT",
    "address": "1295B Nguyễn Thị Định, Cát Lái, TP. Thủ Đức",
    "province": "TP. Hồ Chí Minh",
    "latitude": 10.7589,
    "longitude": 106.7882,
}


@pytest.fixture
def places(make_customer):
    """A shared port, and one warehouse each for customers A and B."""
    a, b = make_customer(code="CUSA"), make_customer(code="CUSB")
    return {
        "a": a,
        "b": b,
        "port": Location.objects.create(name="Cảng Hiệp Phước", kind="PORT"),
        "wh_a": Location.objects.create(
            name="Kho A VSIP", kind="WAREHOUSE", address="KCN VSIP 1, Thuận An", customer=a
        ),
        "wh_b": Location.objects.create(name="Kho B Tân Tạo", kind="WAREHOUSE", customer=b),
    }


def _names(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["name"] for row in response.json()["items"]}


def test_internal_crud_happy_path(login_as, make_customer):
    client = login_as(Role.DISPATCHER)
    created = client.post("/api/locations", CAT_LAI)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["shared"] is True
    assert body["customer"] is None
    assert (body["latitude"], body["longitude"]) == (10.7589, 106.7882)
    url = f"/api/locations/{body['id']}"

    owner = make_customer(code="VNM")
    patched = client.patch(
        url, {"customerId": str(owner.public_id), "contactPhone": "028 3742 3742"}
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["customer"]["code"] == "VNM"
    assert patched.json()["contactPhone"] == "02837423742"
    assert patched.json()["shared"] is False

    replaced = client.put(url, {"name": "Cát Lái", "kind": "PORT"})
    assert replaced.status_code == 200
    assert replaced.json()["customer"] is None
    assert replaced.json()["latitude"] is None

    location = Location.objects.get(public_id=body["id"])
    assert client.delete(url).status_code == 204
    assert not Location.objects.filter(pk=location.pk).exists()
    assert audit_actions(location) == [
        "location.create",
        "location.update",
        "location.update",
        "location.delete",
    ]


@pytest.mark.parametrize("role", sorted(CUSTOMER_ROLES))
def test_customer_users_see_shared_and_their_own_only(login_as, places, role):
    client = login_as(role, customer=places["a"])
    assert _names(client.get("/api/locations")) == {"Cảng Hiệp Phước", "Kho A VSIP"}
    # Asking for the other customer's locations finds none rather than leaking them.
    assert _names(client.get("/api/locations", {"customer": str(places["b"].public_id)})) == set()
    assert client.get(f"/api/locations/{places['port'].public_id}").status_code == 200
    assert client.get(f"/api/locations/{places['wh_a'].public_id}").status_code == 200
    assert client.get(f"/api/locations/{places['wh_b'].public_id}").status_code == 404


def test_customer_user_cannot_touch_other_customers_or_shared(login_as, places):
    client = login_as(Role.CUSTOMER_OPS, customer=places["a"])
    other = f"/api/locations/{places['wh_b'].public_id}"
    assert client.patch(other, {"name": "Mine now"}).status_code == 404
    assert client.put(other, {"name": "Mine now", "kind": "WAREHOUSE"}).status_code == 404
    assert client.delete(other).status_code == 404
    shared = f"/api/locations/{places['port'].public_id}"
    assert client.patch(shared, {"name": "Renamed port"}).status_code == 403
    assert client.delete(shared).status_code == 403
    assert Location.objects.filter(pk=places["wh_b"].pk, name="Kho B Tân Tạo").exists()
    assert Location.objects.filter(pk=places["port"].pk, name="Cảng Hiệp Phước").exists()


def test_customer_user_manages_own_locations(login_as, places):
    client = login_as(Role.CUSTOMER_OWNER, customer=places["a"])
    # customerId naming another company is ignored: their locations are always their own.
    created = client.post(
        "/api/locations",
        {"name": "Kho mới", "kind": "WAREHOUSE", "customerId": str(places["b"].public_id)},
    )
    assert created.status_code == 201, created.content
    assert created.json()["customer"]["code"] == "CUSA"
    url = f"/api/locations/{created.json()['id']}"
    moved = client.patch(url, {"name": "Kho mới 2", "customerId": None})
    assert moved.status_code == 200
    assert moved.json()["customer"]["code"] == "CUSA"
    own = f"/api/locations/{places['wh_a'].public_id}"
    assert client.patch(own, {"contactPerson": "Anh Tuấn"}).status_code == 200
    assert client.delete(url).status_code == 204


@pytest.mark.parametrize("role", sorted(set(ALL_ROLES) - CUSTOMER_ROLES))
def test_internal_roles_read_everything(login_as, places, role):
    client = login_as(role)
    assert _names(client.get("/api/locations")) == {
        "Cảng Hiệp Phước",
        "Kho A VSIP",
        "Kho B Tân Tạo",
    }
    assert client.get(f"/api/locations/{places['wh_b'].public_id}").status_code == 200


@pytest.mark.parametrize("role", sorted(set(ALL_ROLES) - CUSTOMER_ROLES))
def test_internal_write_roles(login_as, places, role):
    client = login_as(role)
    created = client.post("/api/locations", {"name": "ICD Sóng Thần", "kind": "ICD"})
    assert created.status_code == expected(role, INTERNAL_WRITERS, ok=201)
    url = f"/api/locations/{places['wh_b'].public_id}"
    assert client.patch(url, {"name": "Kho B2"}).status_code == expected(role, INTERNAL_WRITERS)
    assert client.delete(url).status_code == expected(role, INTERNAL_WRITERS, ok=204)


def test_filters(login_as, places):
    client = login_as(Role.OPS)
    assert _names(client.get("/api/locations", {"kind": "PORT"})) == {"Cảng Hiệp Phước"}
    assert _names(client.get("/api/locations", {"shared": "true"})) == {"Cảng Hiệp Phước"}
    assert _names(client.get("/api/locations", {"shared": "false"})) == {
        "Kho A VSIP",
        "Kho B Tân Tạo",
    }
    by_customer = client.get("/api/locations", {"customer": str(places["b"].public_id)})
    assert _names(by_customer) == {"Kho B Tân Tạo"}
    assert _names(client.get("/api/locations", {"q": "thuận an"})) == {"Kho A VSIP"}
    assert _names(client.get("/api/locations", {"q": "VSIP"})) == {"Kho A VSIP"}


@pytest.mark.parametrize(
    ("coordinates", "field"),
    [
        ({"latitude": 90.5, "longitude": 106.7}, "latitude"),
        ({"latitude": -91, "longitude": 106.7}, "latitude"),
        ({"latitude": 10.7, "longitude": 180.01}, "longitude"),
        ({"latitude": 10.7, "longitude": -200}, "longitude"),
        ({"latitude": 10.7}, "latitude"),
    ],
)
def test_bad_coordinates_are_400_and_change_nothing(login_as, places, coordinates, field):
    client = login_as(Role.OPS)
    before = Location.objects.count()
    response = client.post("/api/locations", {"name": "X", "kind": "DEPOT", **coordinates})
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["details"]
    assert Location.objects.count() == before

    port = places["port"]
    assert client.patch(f"/api/locations/{port.public_id}", coordinates).status_code == 400
    port.refresh_from_db()
    assert port.latitude is None


def test_coordinates_kept_to_six_decimals(login_as):
    client = login_as(Role.OPS)
    response = client.post(
        "/api/locations",
        {"name": "ICD Phước Long", "kind": "ICD", "latitude": 10.81234567, "longitude": 106.7},
    )
    assert response.status_code == 201, response.content
    assert Location.objects.get(name="ICD Phước Long").latitude == Decimal("10.812346")


def test_other_validation_errors(login_as, places):
    client = login_as(Role.OPS)
    assert client.post("/api/locations", {"name": "X", "kind": "CASTLE"}).status_code == 422
    unknown = client.post(
        "/api/locations",
        {"name": "X", "kind": "DEPOT", "customerId": "00000000-0000-4000-8000-000000000000"},
    )
    assert unknown.status_code == 400
    assert "customerId" in unknown.json()["error"]["details"]
    assert client.post("/api/locations", {"name": " ", "kind": "DEPOT"}).status_code == 400
    bad_phone = client.post("/api/locations", {"name": "X", "kind": "DEPOT", "contactPhone": "1"})
    assert bad_phone.status_code == 400
    assert "contactPhone" in bad_phone.json()["error"]["details"]
    assert Location.objects.count() == 3


def test_delete_refused_while_a_stop_refers(login_as, places, make_shipment):
    make_shipment(places["a"], locations=[places["port"], places["wh_a"]])
    client = login_as(Role.OPS)
    response = client.delete(f"/api/locations/{places['port'].public_id}")
    assert response.status_code == 409
    assert response.json()["error"]["details"]["referencedBy"] == {"stops": 1}
    assert Location.objects.filter(pk=places["port"].pk).exists()
    assert not AuditEntry.objects.filter(action="location.delete").exists()
    # The customer's own user gets the same answer for their warehouse.
    customer_client = login_as(Role.CUSTOMER_OWNER, customer=places["a"])
    assert customer_client.delete(f"/api/locations/{places['wh_a'].public_id}").status_code == 409


def test_list_query_count_does_not_grow_with_page_size(login_as, make_customer):
    customers = [make_customer() for _ in range(3)]
    for i in range(25):
        Location.objects.create(name=f"Kho {i:02d}", kind="WAREHOUSE", customer=customers[i % 3])
    client = login_as(Role.OPS)
    assert query_count(client, "/api/locations", {"limit": 2}) == query_count(
        client, "/api/locations", {"limit": 20}
    )


def test_pages_follow_name_order(login_as):
    for name in ["Depot C", "Depot A", "Depot B"]:
        Location.objects.create(name=name, kind="DEPOT")
    client = login_as(Role.OPS)
    first = client.get("/api/locations", {"limit": 2}).json()
    second = client.get("/api/locations", {"limit": 2, "cursor": first["nextCursor"]}).json()
    assert [r["name"] for r in first["items"] + second["items"]] == [
        "Depot A",
        "Depot B",
        "Depot C",
    ]
