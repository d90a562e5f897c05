"""Login, bearer tokens, session lifetime and revocation through the HTTP API."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from tests.conftest import PASSWORD, ApiClient
from unicon.core.models import AuditEntry
from unicon.core.roles import Role


def test_login_returns_token_and_user(make_user, anon):
    user = make_user(Role.OPS, email="ops@example.com")
    response = anon.post("/api/auth/login", {"email": "OPS@Example.com ", "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["token"] and body["expiresAt"]
    assert body["user"]["email"] == "ops@example.com"
    assert body["user"]["role"] == "OPS"
    assert body["user"]["id"] == str(user.public_id)
    assert body["user"]["lastLogin"] is not None
    me = ApiClient(body["token"]).get("/api/auth/me")
    assert me.status_code == 200 and me.json()["email"] == "ops@example.com"


def test_wrong_password_and_unknown_email_answer_the_same(make_user, anon):
    make_user(email="known@example.com")
    wrong = anon.post("/api/auth/login", {"email": "known@example.com", "password": "nope" * 4})
    unknown = anon.post("/api/auth/login", {"email": "ghost@example.com", "password": "x" * 12})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["error"] == unknown.json()["error"]


def test_inactive_user_cannot_log_in(make_user, anon):
    user = make_user()
    user.is_active = False
    user.save()
    response = anon.post("/api/auth/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 401


def test_logout_ends_the_token(make_user, api_login):
    client = api_login(make_user())
    assert client.post("/api/auth/logout").status_code == 200
    assert client.get("/api/auth/me").status_code == 401


def test_garbage_token_is_401(anon):
    assert ApiClient("not-a-token").get("/api/auth/me").status_code == 401


def test_idle_timeout_ends_an_unused_token(make_user, anon):
    user = make_user()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        token = anon.post("/api/auth/login", {"email": user.email, "password": PASSWORD}).json()[
            "token"
        ]
        clock.shift(timedelta(minutes=29))
        assert ApiClient(token).get("/api/auth/me").status_code == 200
        clock.shift(timedelta(minutes=31))
        assert ApiClient(token).get("/api/auth/me").status_code == 401


def test_absolute_lifetime_ends_even_a_busy_token(make_user, anon):
    user = make_user()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        token = anon.post("/api/auth/login", {"email": user.email, "password": PASSWORD}).json()[
            "token"
        ]
        client = ApiClient(token)
        for _ in range(28):  # 28 × 25 min = 11 h 40 min of steady use
            clock.shift(timedelta(minutes=25))
            assert client.get("/api/auth/me").status_code == 200
        clock.shift(timedelta(minutes=25))  # 12 h 5 min after login
        assert client.get("/api/auth/me").status_code == 401


def test_user_lists_and_revokes_own_sessions(make_user, api_login):
    user = make_user()
    first, second = api_login(user), api_login(user)
    sessions = first.get("/api/auth/sessions").json()
    assert len(sessions) == 2
    assert sum(s["current"] for s in sessions) == 1
    other = next(s for s in sessions if not s["current"])
    assert other["kind"] == "api"
    assert first.delete(f"/api/auth/sessions/{other['id']}").status_code == 204
    assert second.get("/api/auth/me").status_code == 401
    assert first.get("/api/auth/me").status_code == 200


def test_cannot_revoke_someone_elses_session(make_user, api_login):
    alice, bob = api_login(make_user()), api_login(make_user())
    bob_sid = bob.get("/api/auth/sessions").json()[0]["id"]
    assert alice.delete(f"/api/auth/sessions/{bob_sid}").status_code == 404
    assert bob.get("/api/auth/me").status_code == 200


def test_password_change_keeps_this_session_and_ends_the_others(make_user, api_login, anon):
    user = make_user()
    this, other = api_login(user), api_login(user)
    new = "a brand new pass phrase"
    response = this.post("/api/auth/password", {"currentPassword": PASSWORD, "newPassword": new})
    assert response.status_code == 200
    assert this.get("/api/auth/me").status_code == 200
    assert other.get("/api/auth/me").status_code == 401
    assert anon.post("/api/auth/login", {"email": user.email, "password": new}).status_code == 200


def test_password_change_refuses_weak_or_wrong_current(make_user, api_login):
    client = api_login(make_user())
    weak = client.post("/api/auth/password", {"currentPassword": PASSWORD, "newPassword": "short"})
    assert weak.status_code == 400 and weak.json()["error"]["code"] == "VALIDATION_ERROR"
    wrong = client.post(
        "/api/auth/password", {"currentPassword": "not it at all", "newPassword": "x" * 20}
    )
    assert wrong.status_code == 401


def test_login_and_logout_are_audited_with_request_id(make_user, anon):
    user = make_user()
    response = anon.post(
        "/api/auth/login",
        {"email": user.email, "password": PASSWORD},
        headers={"X-Request-ID": "req-login-0001"},
    )
    entry = AuditEntry.objects.get(action="auth.login")
    assert entry.actor_id == user.pk and entry.request_id == "req-login-0001"
    ApiClient(response.json()["token"]).post("/api/auth/logout")
    assert AuditEntry.objects.filter(action="auth.logout", actor=user).exists()
