"""Incident tools: revoke-sessions and force-password-reset (runbook §4.3 scenario 4)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tests.conftest import PASSWORD, ApiClient
from unicon.accounts.models import User, UserSession
from unicon.core.models import AuditEntry
from unicon.core.roles import Role

NEW_PASSWORD = "a brand new passphrase 2026"


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def web_login(user, password=PASSWORD) -> Client:
    client = Client()
    response = client.post("/login/", {"username": user.email, "password": password})
    assert response.status_code == 302, response.content
    return client


def test_revoke_sessions_of_one_user(make_user, api_login):
    alice, bob = make_user(email="alice@example.com"), make_user()
    alice_api, alice_web, bob_api = api_login(alice), web_login(alice), api_login(bob)
    out = run("revoke_sessions", "--user", "Alice@Example.com")
    assert "Ended 2 sessions of alice@example.com" in out
    assert alice_api.get("/api/auth/me").status_code == 401
    assert alice_web.get("/ops/shipments/").status_code == 302  # back to the login page
    assert bob_api.get("/api/auth/me").status_code == 200
    assert api_login(alice).get("/api/auth/me").status_code == 200  # may log in again


def test_revoke_all_sessions(make_user, api_login):
    clients = [api_login(make_user()) for _ in range(3)]
    out = run("revoke_sessions", "--all")
    assert "Ended 3 sessions of 3 users" in out
    assert all(c.get("/api/auth/me").status_code == 401 for c in clients)
    assert not UserSession.objects.exists()
    assert AuditEntry.objects.filter(action="ops.sessions_revoked_all").exists()


def test_arguments_are_checked(make_user):
    with pytest.raises(CommandError, match="exactly one"):
        run("revoke_sessions")
    with pytest.raises(CommandError, match="exactly one"):
        run("force_password_reset", "--all", "--user", "x@example.com")
    with pytest.raises(CommandError, match="No user"):
        run("force_password_reset", "--user", "nobody@example.com")


def test_force_password_reset_api_login_needs_a_new_password(make_user, api_login, anon):
    user = make_user(Role.DISPATCHER)
    token = api_login(user)
    out = run("force_password_reset", "--user", user.email)
    assert "must set a new password" in out
    assert token.get("/api/auth/me").status_code == 401
    assert User.objects.get(pk=user.pk).must_change_password

    refused = anon.post("/api/auth/login", {"email": user.email, "password": PASSWORD})
    assert refused.status_code == 403
    error = refused.json()["error"]
    assert error["code"] == "FORBIDDEN"
    assert "password change required" in error["message"].lower()
    assert error["details"] == {"passwordChangeRequired": True}

    weak = anon.post(
        "/api/auth/login", {"email": user.email, "password": PASSWORD, "newPassword": "short"}
    )
    assert weak.status_code == 400
    ok = anon.post(
        "/api/auth/login",
        {"email": user.email, "password": PASSWORD, "newPassword": NEW_PASSWORD},
    )
    assert ok.status_code == 200, ok.content
    assert ApiClient(ok.json()["token"]).get("/api/auth/me").status_code == 200
    assert not User.objects.get(pk=user.pk).must_change_password
    assert api_login(user, NEW_PASSWORD)
    assert (
        anon.post("/api/auth/login", {"email": user.email, "password": PASSWORD}).status_code == 401
    )


def test_force_password_reset_web_login_goes_to_password_change_first(make_user):
    user = make_user(Role.OPS)
    run("force_password_reset", "--user", user.email)
    client = web_login(user)
    page = client.get("/ops/shipments/")
    assert page.status_code == 302
    assert page["Location"] == "/account/password/"
    api_via_cookie = client.get("/api/customers")
    assert api_via_cookie.status_code == 403
    assert api_via_cookie.json()["error"]["details"] == {"passwordChangeRequired": True}
    assert client.get("/account/password/").status_code == 200

    changed = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302, changed.content
    assert client.get("/api/customers").status_code == 200


def test_force_password_reset_all(make_user, api_login):
    users = [make_user() for _ in range(3)]
    clients = [api_login(u) for u in users]
    out = run("force_password_reset", "--all")
    assert "3 users must set a new password" in out
    assert all(c.get("/api/auth/me").status_code == 401 for c in clients)
    assert User.objects.filter(must_change_password=True).count() == 3


def test_force_password_reset_all_is_one_transaction(make_user, api_login, monkeypatch):
    """A failure half-way (here: the third user's sessions) changes nobody."""
    from unicon.accounts import services

    users = [make_user() for _ in range(3)]
    clients = [api_login(u) for u in users]
    real = services.end_sessions
    calls = []

    def failing(user, **kwargs):
        calls.append(user)
        if len(calls) == 3:
            raise RuntimeError("database went away")
        return real(user, **kwargs)

    monkeypatch.setattr(services, "end_sessions", failing)
    with pytest.raises(RuntimeError):
        run("force_password_reset", "--all")
    assert len(calls) == 3
    assert not User.objects.filter(must_change_password=True).exists()
    assert all(c.get("/api/auth/me").status_code == 200 for c in clients)
    assert not AuditEntry.objects.filter(action="ops.force_password_reset_all").exists()
