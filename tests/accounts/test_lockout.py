"""Brute-force protection: 5 failures lock the account+address pair for 15 minutes."""

from datetime import timedelta

import time_machine
from django.test import Client
from django.utils import timezone

from tests.conftest import PASSWORD, ApiClient
from unicon.core.models import AuditEntry


def _fail(client: ApiClient, email: str):
    return client.post("/api/auth/login", {"email": email, "password": "wrong password!"})


def test_api_lockout_after_five_failures(make_user, anon):
    user = make_user(email="victim@example.com")
    statuses = [_fail(anon, "victim@example.com").status_code for _ in range(5)]
    assert statuses[:4] == [401] * 4
    assert statuses[4] == 429
    locked = anon.post("/api/auth/login", {"email": user.email, "password": PASSWORD})
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "RATE_LIMITED"
    assert "15" in locked.json()["error"]["message"]
    assert locked["Retry-After"] == str(15 * 60)
    assert b'": ' not in locked.content  # compact, like every API body
    assert AuditEntry.objects.filter(action="auth.login_failed").count() >= 5
    assert AuditEntry.objects.filter(action="auth.lockout").exists()


def test_lock_is_per_address(make_user, anon):
    user = make_user(email="victim@example.com")
    for _ in range(5):
        _fail(anon, user.email)
    elsewhere = ApiClient()
    elsewhere.client.defaults["REMOTE_ADDR"] = "10.9.8.7"
    ok = elsewhere.post("/api/auth/login", {"email": user.email, "password": PASSWORD})
    assert ok.status_code == 200


def test_lock_lifts_after_fifteen_minutes(make_user, anon):
    user = make_user()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(5):
            _fail(anon, user.email)
        clock.shift(timedelta(minutes=16))
        ok = anon.post("/api/auth/login", {"email": user.email, "password": PASSWORD})
        assert ok.status_code == 200


def test_web_form_lockout_shows_a_clear_message(make_user):
    user = make_user()
    client = Client()
    for _ in range(4):
        response = client.post("/login/", {"username": user.email, "password": "wrong password"})
        assert response.status_code == 200
    response = client.post("/login/", {"username": user.email, "password": "wrong password"})
    assert response.status_code == 429
    assert "15" in response.content.decode()
    response = client.post("/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
