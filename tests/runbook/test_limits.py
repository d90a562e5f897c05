"""Rate limits (login, upload, general API) and gzip, through HTTP (issue 6 item 9)."""

import gzip
import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from unicon.core.roles import Role

# 10 s into a minute (and an hour): a 1-minute window ends in 50 s, a 1-hour one in 3590 s.
START = datetime(2026, 3, 2, 8, 0, 10, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _limits_on(settings):
    """Limits are off for the rest of the suite; here they are on, low, and start clean."""
    settings.RATE_LIMIT_ENABLED = True
    settings.RATE_LIMIT_API = "1000/m"
    settings.RATE_LIMIT_LOGIN = "1000/m"
    settings.RATE_LIMIT_UPLOAD = "1000/h"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def assert_limited(response, scope: str, retry_after: int) -> None:
    assert response.status_code == 429, response.content
    assert response["Retry-After"] == str(retry_after)
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == "RATE_LIMITED"
    assert body["error"]["details"]["scope"] == scope
    assert body["error"]["details"]["retryAfter"] == retry_after


# --- general API ------------------------------------------------------------------------------


def test_api_limit_per_user_answers_429_with_retry_after_and_resets(
    settings, clock, make_user, api_login
):
    settings.RATE_LIMIT_API = "3/m"
    alice = api_login(make_user(Role.OPS))
    bob = api_login(make_user(Role.OPS))
    for _ in range(3):
        assert alice.get("/api/auth/me").status_code == 200
    assert_limited(alice.get("/api/auth/me"), "api", 50)
    # another user has their own budget
    assert bob.get("/api/auth/me").status_code == 200

    clock.shift(timedelta(seconds=50))
    assert alice.get("/api/auth/me").status_code == 200


def test_all_tokens_of_a_user_share_one_budget(settings, clock, make_user, api_login):
    settings.RATE_LIMIT_API = "2/m"
    user = make_user(Role.OPS)
    phone, laptop = api_login(user), api_login(user)
    assert phone.get("/api/auth/me").status_code == 200
    assert laptop.get("/api/auth/me").status_code == 200
    assert_limited(phone.get("/api/auth/me"), "api", 50)


def test_anonymous_api_is_limited_per_address(settings, clock, anon):
    settings.RATE_LIMIT_API = "2/m"
    for _ in range(2):
        assert anon.get("/api/customers").status_code == 401
    assert_limited(anon.get("/api/customers"), "api", 50)
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.get("/api/customers").status_code == 401


def test_health_and_metrics_are_never_limited(settings, clock, anon):
    settings.RATE_LIMIT_API = "1/m"
    for _ in range(5):
        assert anon.get("/api/health").status_code == 200
    for _ in range(3):
        assert Client().get("/metrics").status_code != 429


def test_limits_can_be_switched_off(settings, clock, anon):
    settings.RATE_LIMIT_API = ""
    for _ in range(5):
        assert anon.get("/api/customers").status_code == 401
    settings.RATE_LIMIT_API = "1/m"
    settings.RATE_LIMIT_ENABLED = False
    for _ in range(3):
        assert anon.get("/api/customers").status_code == 401


# --- login ---------------------------------------------------------------------------------------


def test_login_is_limited_per_address_and_resets(settings, clock, make_user, anon):
    settings.RATE_LIMIT_LOGIN = "3/m"
    users = [make_user(Role.OPS) for _ in range(4)]
    for user in users[:3]:
        response = anon.post(
            "/api/auth/login", {"email": user.email, "password": "correct horse battery staple"}
        )
        assert response.status_code == 200, response.content
    refused = anon.post(
        "/api/auth/login", {"email": users[3].email, "password": "correct horse battery staple"}
    )
    assert_limited(refused, "login", 50)

    clock.shift(timedelta(seconds=50))
    response = anon.post(
        "/api/auth/login", {"email": users[3].email, "password": "correct horse battery staple"}
    )
    assert response.status_code == 200


def test_login_page_answers_a_429_page(settings, clock):
    settings.RATE_LIMIT_LOGIN = "2/m"
    client = Client()
    for _ in range(2):
        response = client.post("/login/", {"username": "nobody@example.com", "password": "x"})
        assert response.status_code != 429
    response = client.post("/login/", {"username": "nobody@example.com", "password": "x"})
    assert response.status_code == 429
    assert response["Retry-After"] == "50"
    assert "text/html" in response["Content-Type"]
    assert b"Too many requests" in response.content
    # reading the login page is not a login attempt
    assert client.get("/login/").status_code == 200


# --- uploads ---------------------------------------------------------------------------


def test_uploads_are_limited_per_user_and_reset(settings, clock, make_user, api_login):
    settings.RATE_LIMIT_UPLOAD = "3/h"
    ops = api_login(make_user(Role.OPS))
    shipment = uuid.uuid4()
    paths = [
        f"/api/shipments/{shipment}/pods",
        "/api/pods/upload",
        f"/api/shipments/{shipment}/documents",
    ]
    # every upload attempt counts, whatever its outcome (here: an unknown shipment)
    for path in paths:
        assert ops.client.post(path, {}, headers=ops._headers(None)).status_code != 429
    refused = ops.client.post(paths[0], {}, headers=ops._headers(None))
    assert_limited(refused, "upload", 3590)
    # reading is not uploading
    assert ops.get(f"/api/shipments/{shipment}/pods").status_code != 429
    # another user uploads on
    other = api_login(make_user(Role.OPS))
    assert other.client.post(paths[0], {}, headers=other._headers(None)).status_code != 429

    clock.shift(timedelta(seconds=3590))
    fresh = api_login(make_user(Role.OPS))  # the first token idled out during the hour
    assert fresh.client.post(paths[0], {}, headers=fresh._headers(None)).status_code != 429


# --- gzip ------------------------------------------------------------------------------


def test_gzip_over_1kb_when_accepted(anon):
    response = anon.get("/api/openapi.json", headers={"Accept-Encoding": "gzip, deflate"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    body = json.loads(gzip.decompress(response.content))
    assert "paths" in body


def test_no_gzip_without_accept_encoding(anon):
    response = anon.get("/api/openapi.json")
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert "paths" in response.json()


def test_no_gzip_below_1kb(anon):
    response = anon.get("/api/health", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert len(response.content) < 1024
    assert not response.has_header("Content-Encoding")
    assert response.json()


def test_gzip_threshold_is_a_setting(settings, anon):
    plain = anon.get("/api/openapi.json")
    settings.GZIP_MIN_BYTES = len(plain.content) + 1
    response = anon.get("/api/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert not response.has_header("Content-Encoding")


def test_pages_are_gzipped_too(anon):
    response = Client().get("/login/", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(response.content).lower()


# --- client address behind the proxy ------------------------------------------------------


def test_login_limit_counts_the_client_behind_the_proxy(settings, clock):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.RATE_LIMIT_LOGIN = "2/m"
    nginx = "127.0.0.1"

    def attempt(forwarded_for: str):
        client = Client(REMOTE_ADDR=nginx, HTTP_X_FORWARDED_FOR=forwarded_for)
        return client.post("/login/", {"username": "nobody@example.com", "password": "x"})

    assert attempt("203.0.113.7").status_code != 429
    # a client cannot escape by sending its own X-Forwarded-For: nginx appends the real address
    assert attempt("198.51.100.1, 203.0.113.7").status_code != 429
    assert attempt("198.51.100.2, 203.0.113.7").status_code == 429
    # another client behind the same nginx has its own budget
    assert attempt("203.0.113.8").status_code != 429


def test_metrics_allow_list_sees_the_client_behind_the_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1"]
    through_nginx = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert through_nginx.get("/metrics").status_code == 403
    spoofed = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1, 203.0.113.7")
    assert spoofed.get("/metrics").status_code == 403
    scraper_on_the_box = Client(REMOTE_ADDR="127.0.0.1")
    assert scraper_on_the_box.get("/metrics").status_code == 200


def test_unknown_tokens_count_against_the_address(settings, clock, caplog):
    settings.RATE_LIMIT_API = "2/m"
    for token in ("nonsense", "x" * 40):
        response = Client().get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
    refused = Client().get("/api/auth/me", headers={"Authorization": "Bearer another"})
    assert_limited(refused, "api", 50)
    assert "cache unavailable" not in caplog.text


def test_forwarded_for_is_believed_only_from_a_configured_proxy(settings, clock):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXY_ADDRESSES = ["10.0.1.0/24"]
    settings.RATE_LIMIT_LOGIN = "3/m"
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1"]
    direct = "198.51.100.9"  # straight to gunicorn's TCP port, rotating the header
    statuses = [
        Client(REMOTE_ADDR=direct, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        .post("/login/", {"username": "nobody@example.com", "password": "x"})
        .status_code
        for n in range(5)
    ]
    assert statuses[-1] == 429  # one budget: the header from a non-proxy is ignored
    spoof = Client(REMOTE_ADDR=direct, HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert spoof.get("/metrics").status_code == 403
    via_proxy = Client(REMOTE_ADDR="10.0.1.12", HTTP_X_FORWARDED_FOR="203.0.113.50")
    login = via_proxy.post("/login/", {"username": "nobody@example.com", "password": "x"})
    assert login.status_code != 429  # behind the proxy: the client's own budget
