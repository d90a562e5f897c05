"""/api/legal-entities: internal roles read, ADMIN writes, referenced ones are kept."""

import pytest

from tests.customers.fixtures import ALL_ROLES, audit_actions, expected
from unicon.core.roles import INTERNAL_ROLES, Role
from unicon.fleet.models import LegalEntity


def test_crud_happy_path(login_as):
    client = login_as(Role.ADMIN)
    created = client.post(
        "/api/legal-entities", {"code": "khanh_huy", "name": "Công ty TNHH Khánh Huy"}
    )
    assert created.status_code == 201, created.content
    assert created.json()["code"] == "KHANH_HUY"
    url = f"/api/legal-entities/{created.json()['id']}"
    assert client.patch(url, {"taxCode": "0312345678"}).json()["taxCode"] == "0312345678"
    replaced = client.put(url, {"code": "KHANH_HUY", "name": "Khánh Huy", "isActive": False})
    assert replaced.json()["isActive"] is False
    assert replaced.json()["taxCode"] == ""
    entity = LegalEntity.objects.get(code="KHANH_HUY")
    assert client.delete(url).status_code == 204
    assert audit_actions(entity) == [
        "legalentity.create",
        "legalentity.update",
        "legalentity.update",
        "legalentity.delete",
    ]


def test_duplicate_code_is_400(login_as, entity):
    response = login_as(Role.ADMIN).post("/api/legal-entities", {"code": "unicon", "name": "X"})
    assert response.status_code == 400
    assert "code" in response.json()["error"]["details"]
    assert LegalEntity.objects.count() == 1


def test_search(login_as, entity):
    LegalEntity.objects.create(code="KHANH_HUY", name="Công ty TNHH Khánh Huy")
    client = login_as(Role.OPS)
    codes = [e["code"] for e in client.get("/api/legal-entities").json()["items"]]
    assert codes == ["KHANH_HUY", "UNICON"]
    found = client.get("/api/legal-entities", {"q": "unicon"}).json()["items"]
    assert [e["code"] for e in found] == ["UNICON"]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_roles(login_as, entity, role):
    client = login_as(role)
    url = f"/api/legal-entities/{entity.public_id}"
    assert client.get("/api/legal-entities").status_code == expected(role, INTERNAL_ROLES)
    assert client.get(url).status_code == expected(role, INTERNAL_ROLES)
    created = client.post("/api/legal-entities", {"code": "MACS", "name": "Macs Logistic"})
    assert created.status_code == expected(role, set(), ok=201)
    assert client.patch(url, {"address": "Q.2"}).status_code == expected(role, set())
    assert client.delete(url).status_code == expected(role, set(), ok=204)


def test_delete_refused_while_vehicles_or_drivers_refer(
    login_as, entity, make_vehicle, make_driver
):
    make_vehicle(owner=entity)
    make_vehicle(owner=entity)
    make_driver(employer=entity)
    response = login_as(Role.ADMIN).delete(f"/api/legal-entities/{entity.public_id}")
    assert response.status_code == 409
    assert response.json()["error"]["details"]["referencedBy"] == {"vehicles": 2, "drivers": 1}
    assert LegalEntity.objects.filter(pk=entity.pk).exists()
