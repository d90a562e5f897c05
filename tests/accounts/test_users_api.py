"""User administration through the API: ADMIN only, roles and companies consistent, audited."""

import pytest

from tests.conftest import PASSWORD
from unicon.core.models import AuditEntry
from unicon.core.roles import Role


@pytest.fixture
def admin(make_user, api_login):
    user = make_user(Role.ADMIN, email="root@example.com")
    client = api_login(user)
    client.user = user
    return client


def test_admin_creates_a_customer_user(admin, make_customer, anon):
    customer = make_customer()
    response = admin.post(
        "/api/users",
        {
            "email": "New@Customer.vn",
            "fullName": "Khách Hàng",
            "role": "CUSTOMER_OPS",
            "customerId": str(customer.public_id),
            "password": "a long enough pass phrase",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["customer"]["code"] == customer.code
    login = anon.post(
        "/api/auth/login", {"email": "new@customer.vn", "password": "a long enough pass phrase"}
    )
    assert login.status_code == 200


def test_customer_role_without_company_is_refused(admin):
    response = admin.post(
        "/api/users",
        {
            "email": "x@y.vn",
            "fullName": "No Company",
            "role": "CUSTOMER_OWNER",
        },
    )
    assert response.status_code == 400
    assert "customerId" in response.json()["error"]["details"]


def test_internal_role_with_company_is_refused(admin, make_customer):
    response = admin.post(
        "/api/users",
        {
            "email": "x@y.vn",
            "fullName": "Ops",
            "role": "OPS",
            "customerId": str(make_customer().public_id),
        },
    )
    assert response.status_code == 400


def test_unknown_role_is_refused(admin):
    response = admin.post("/api/users", {"email": "x@y.vn", "fullName": "Who", "role": "KING"})
    assert response.status_code == 400


def test_user_without_password_cannot_log_in_until_reset(admin, anon):
    admin.post("/api/users", {"email": "invitee@y.vn", "fullName": "Invitee", "role": "OPS"})
    assert (
        anon.post(
            "/api/auth/login", {"email": "invitee@y.vn", "password": "whatever it is"}
        ).status_code
        == 401
    )


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_non_admins_cannot_manage_users(make_user, api_login, role):
    client = api_login(make_user(role))
    assert client.get("/api/users").status_code == 403
    response = client.post("/api/users", {"email": "x@y.vn", "fullName": "Xavier", "role": "OPS"})
    assert response.status_code == 403


def test_role_change_is_audited_with_before_and_after(admin, make_user):
    user = make_user(Role.OPS)
    response = admin.patch(f"/api/users/{user.public_id}", {"role": "DISPATCHER"})
    assert response.status_code == 200 and response.json()["role"] == "DISPATCHER"
    entry = AuditEntry.objects.get(action="user.role_change", object_id=str(user.pk))
    assert entry.changes["role"] == ["OPS", "DISPATCHER"]
    assert entry.actor_id == admin.user.pk


def test_admin_cannot_demote_or_deactivate_self(admin):
    me = admin.user.public_id
    assert admin.patch(f"/api/users/{me}", {"role": "OPS"}).status_code == 403
    assert admin.post(f"/api/users/{me}/deactivate").status_code == 403


def test_deactivate_via_api_ends_sessions(admin, make_user, api_login):
    user = make_user()
    client = api_login(user)
    assert admin.post(f"/api/users/{user.public_id}/deactivate").status_code == 200
    assert client.get("/api/auth/me").status_code == 401


def test_list_is_paginated_and_filtered(admin, make_user):
    for _ in range(5):
        make_user(Role.DRIVER)
    first = admin.get("/api/users", {"role": "DRIVER", "limit": 3}).json()
    assert len(first["items"]) == 3 and first["nextCursor"]
    rest = admin.get("/api/users", {"role": "DRIVER", "limit": 3, "cursor": first["nextCursor"]})
    emails = [u["email"] for u in first["items"] + rest.json()["items"]]
    assert len(emails) == len(set(emails)) == 5


def test_unknown_user_is_404(admin):
    response = admin.get("/api/users/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404


def test_reset_link_is_mailed(admin, make_user):
    from django.core import mail

    user = make_user()
    assert admin.post(f"/api/users/{user.public_id}/reset-link").status_code == 202
    assert mail.outbox[0].to == [user.email]
    assert PASSWORD not in mail.outbox[0].body


def test_admin_ends_a_users_sessions(make_user, api_login):
    admin = api_login(make_user(Role.ADMIN))
    target = make_user(Role.OPS)
    victim = api_login(target)
    assert victim.get("/api/auth/me").status_code == 200
    response = admin.post(f"/api/users/{target.public_id}/end-sessions")
    assert response.status_code == 200, response.content
    assert victim.get("/api/auth/me").status_code == 401
    assert (
        api_login(make_user(Role.OPS))
        .post(f"/api/users/{target.public_id}/end-sessions")
        .status_code
        == 403
    )
