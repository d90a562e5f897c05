"""/api/customers: CRUD, roles, customer isolation, validation, delete conflicts, audit."""

import pytest

from tests.customers.fixtures import (
    ALL_ROLES,
    audit_actions,
    expected,
    is_customer_role,
    query_count,
)
from unicon.core.models import AuditEntry
from unicon.core.roles import Role
from unicon.customers.models import Customer, CustomerStatus, Location

READERS = {Role.OPS, Role.DISPATCHER, Role.ACCOUNTING}
WRITERS = {Role.OPS, Role.ACCOUNTING}
DELETERS = {Role.ACCOUNTING}

NEW = {
    "code": "thaison",
    "name": "Công ty TNHH Thái Sơn",
    "phone": "0903 123.456",
    "taxCode": "0312345678",
    "paymentTerm": 2,
    "paymentTermUnit": "MONTHS",
    "statementCycle": "WEEKLY",
    "hasVatInvoice": True,
}


def test_crud_happy_path(login_as):
    client = login_as(Role.ACCOUNTING)

    created = client.post("/api/customers", NEW)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["code"] == "THAISON"
    assert body["phone"] == "0903123456"
    assert body["paymentTermUnit"] == "MONTHS"
    assert body["status"] == "ACTIVE"
    url = f"/api/customers/{body['id']}"

    assert client.get(url).json()["name"] == NEW["name"]

    replaced = client.put(url, {"code": "TSN", "name": "Thái Sơn"})
    assert replaced.status_code == 200, replaced.content
    assert replaced.json()["code"] == "TSN"
    assert replaced.json()["paymentTerm"] == 30  # PUT: fields left out take their defaults

    patched = client.patch(url, {"status": "INACTIVE"})
    assert patched.status_code == 200, patched.content
    assert patched.json()["status"] == "INACTIVE"
    assert patched.json()["code"] == "TSN"

    customer = Customer.objects.get(code="TSN")
    assert client.delete(url).status_code == 204
    assert not Customer.objects.filter(pk=customer.pk).exists()
    assert audit_actions(customer) == [
        "customer.create",
        "customer.update",
        "customer.deactivate",
        "customer.delete",
    ]
    entry = AuditEntry.objects.get(object_id=str(customer.pk), action="customer.deactivate")
    assert entry.actor_id == client.user.pk
    assert entry.changes["status"] == ["ACTIVE", "INACTIVE"]


def test_list_search_filter_and_pages(login_as, make_customer):
    make_customer(code="APT", name="An Phát Thịnh")
    make_customer(code="VNM", name="Vinamilk")
    make_customer(code="LST", name="LST Enterprise", status=CustomerStatus.INACTIVE)
    client = login_as(Role.OPS)

    codes = [c["code"] for c in client.get("/api/customers").json()["items"]]
    assert codes == ["APT", "LST", "VNM"]
    assert [c["code"] for c in client.get("/api/customers", {"q": "vina"}).json()["items"]] == [
        "VNM"
    ]
    assert [c["code"] for c in client.get("/api/customers", {"q": "ap"}).json()["items"]] == ["APT"]
    inactive = client.get("/api/customers", {"status": "INACTIVE"}).json()["items"]
    assert [c["code"] for c in inactive] == ["LST"]

    first = client.get("/api/customers", {"limit": 2}).json()
    assert [c["code"] for c in first["items"]] == ["APT", "LST"]
    second = client.get("/api/customers", {"limit": 2, "cursor": first["nextCursor"]}).json()
    assert [c["code"] for c in second["items"]] == ["VNM"]
    assert second["nextCursor"] is None


def test_list_query_count_does_not_grow_with_page_size(login_as, make_customer):
    for _ in range(25):
        make_customer()
    client = login_as(Role.OPS)
    assert query_count(client, "/api/customers", {"limit": 2}) == query_count(
        client, "/api/customers", {"limit": 20}
    )


@pytest.mark.parametrize("role", ALL_ROLES)
def test_roles_list_and_create(login_as, role):
    client = login_as(role)
    assert client.get("/api/customers").status_code == expected(role, READERS)
    response = client.post("/api/customers", {"code": "NEWCO", "name": "New Co"})
    assert response.status_code == expected(role, WRITERS, ok=201)
    assert Customer.objects.filter(code="NEWCO").exists() == (response.status_code == 201)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_roles_on_one_customer(login_as, make_customer, role):
    other = make_customer(code="OTHER")
    client = login_as(role)
    url = f"/api/customers/{other.public_id}"
    # Customer users do not see other companies at all: 404, never 403.
    refused = 404 if is_customer_role(role) else 403

    assert client.get(url).status_code == expected(role, READERS, refused=refused)
    patched = client.patch(url, {"name": "Renamed"})
    assert patched.status_code == expected(role, WRITERS, refused=refused)
    deleted = client.delete(url)
    assert deleted.status_code == expected(role, DELETERS, ok=204, refused=refused)
    other_exists = Customer.objects.filter(pk=other.pk).exists()
    assert other_exists == (deleted.status_code != 204)


def test_customer_user_sees_own_company_only(login_as, make_customer):
    mine, theirs = make_customer(code="MINE"), make_customer(code="THEIRS")
    client = login_as(Role.CUSTOMER_OWNER, customer=mine)

    me = client.get("/api/customers/me")
    assert me.status_code == 200
    assert me.json()["code"] == "MINE"
    assert client.get(f"/api/customers/{mine.public_id}").status_code == 200
    assert client.get(f"/api/customers/{theirs.public_id}").status_code == 404
    assert (
        client.put(f"/api/customers/{theirs.public_id}", {"code": "X1X", "name": "x"}).status_code
        == 404
    )
    # Their own record: visible but not editable by them.
    assert client.patch(f"/api/customers/{mine.public_id}", {"name": "Mine!"}).status_code == 403
    assert client.delete(f"/api/customers/{mine.public_id}").status_code == 403
    assert client.get("/api/customers").status_code == 403
    mine.refresh_from_db()
    assert mine.name != "Mine!"


def test_me_is_not_found_for_internal_users(login_as):
    assert login_as(Role.OPS).get("/api/customers/me").status_code == 404


def test_anonymous_is_401(anon, make_customer):
    customer = make_customer()
    assert anon.get("/api/customers").status_code == 401
    assert anon.get(f"/api/customers/{customer.public_id}").status_code == 401
    assert anon.post("/api/customers", NEW).status_code == 401


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"code": "AB"}, "code"),
        ({"code": "A-B-C"}, "code"),
        ({"code": "TOOLONGCODE1"}, "code"),
        ({"phone": "12345"}, "phone"),
        ({"phone": "09x1234567"}, "phone"),
        ({"taxCode": "123"}, "taxCode"),
        ({"email": "not-an-email"}, "email"),
        ({"paymentTerm": 0}, "paymentTerm"),
        ({"name": ""}, "name"),
    ],
)
def test_invalid_customer_is_400_and_changes_nothing(login_as, change, field):
    client = login_as(Role.OPS)
    before = Customer.objects.count()
    response = client.post("/api/customers", {**NEW, **change})
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert field in error["details"]
    assert Customer.objects.count() == before
    assert not AuditEntry.objects.filter(action="customer.create").exists()


def test_duplicate_code_is_400_whatever_the_case(login_as, make_customer):
    make_customer(code="APT")
    client = login_as(Role.OPS)
    response = client.post("/api/customers", {"code": "apt", "name": "Another"})
    assert response.status_code == 400
    assert "code" in response.json()["error"]["details"]
    assert Customer.objects.filter(code="APT").count() == 1


def test_bad_enum_is_422_and_null_is_400(login_as, make_customer):
    customer = make_customer(code="APT", name="An Phát Thịnh")
    client = login_as(Role.OPS)
    url = f"/api/customers/{customer.public_id}"
    assert client.patch(url, {"status": "GONE"}).status_code == 422
    nulled = client.patch(url, {"name": None})
    assert nulled.status_code == 400
    assert "name" in nulled.json()["error"]["details"]
    customer.refresh_from_db()
    assert (customer.name, customer.status) == ("An Phát Thịnh", "ACTIVE")


def test_delete_refused_while_users_or_locations_refer(login_as, make_customer, make_user):
    with_user, with_location = make_customer(code="WUSER"), make_customer(code="WLOC")
    make_user(Role.CUSTOMER_OPS, customer=with_user)
    Location.objects.create(name="Kho VSIP", kind="WAREHOUSE", customer=with_location)
    client = login_as(Role.ACCOUNTING)

    response = client.delete(f"/api/customers/{with_user.public_id}")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "CONFLICT"
    assert error["details"]["referencedBy"] == {"users": 1}
    assert "INACTIVE" in error["message"]

    response = client.delete(f"/api/customers/{with_location.public_id}")
    assert response.status_code == 409
    assert response.json()["error"]["details"]["referencedBy"] == {"locations": 1}
    assert Customer.objects.filter(code__in=["WUSER", "WLOC"]).count() == 2
    assert not AuditEntry.objects.filter(action="customer.delete").exists()


def test_unknown_customer_is_404(login_as):
    client = login_as(Role.OPS)
    response = client.get("/api/customers/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"
