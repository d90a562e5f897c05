"""Shared fixtures: users of each role, and an API client that logs in through the API."""

import json
import threading
from collections.abc import Callable
from datetime import timedelta
from importlib import import_module
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from unicon.accounts import services
from unicon.accounts.models import User
from unicon.core.roles import CUSTOMER_ROLES, Role
from unicon.customers.models import Customer

PASSWORD = "correct horse battery staple"

# Property tests check rules, not speed: no per-example deadline (a loaded CI machine would
# fail them at random), and slow data generation is not an error.
hypothesis_settings.register_profile(
    "unicon", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("unicon")
FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


def pytest_configure(config):
    """Argon2 is deliberately slow (~0.3 s a hash); tests hash with MD5 first so the suite stays
    fast. Production hashing is checked in tests/accounts/test_passwords.py."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = [FAST_HASHER, *settings.PASSWORD_HASHERS]
    # An active session's "last seen" is written at most once per interval (60 s in
    # production). On a loaded machine a test's set-up can take longer than that, which would
    # add that write to a query count measured right after; 10 minutes keeps query counts
    # stable while the session-lifetime tests (25-minute steps) still see the refresh.
    settings.SESSION_TOUCH_INTERVAL = timedelta(minutes=10)
    # Queued tasks run at once in the test process (in-memory queue); the tests about the
    # worker itself start a real `unicon worker` (tests/notifications/test_worker.py).
    from unicon.jobs import huey

    huey.immediate = True


@pytest.fixture(autouse=True)
def _database(db):
    """Every test may use the database; each runs in its own rolled-back transaction."""


@pytest.fixture
def files_in_tmp(settings, tmp_path):
    """Uploaded and generated files go to a temporary folder (local file storage)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


@pytest.fixture(autouse=True)
def _system_mode_cache(settings):
    """Each test starts with an empty system-mode cache that does not expire during the test:
    the 5-second refresh query would otherwise fall at random inside query-count assertions
    on a slow machine. Mode changes in the process update the cache at once; the tests of
    the cache itself set their own SYSTEM_MODE_CACHE_SECONDS."""
    from unicon.runbook import modes

    settings.SYSTEM_MODE_CACHE_SECONDS = 3600
    modes.invalidate()
    yield
    modes.invalidate()


_AUDIT_GUARD = import_module("unicon.core.migrations.0002_audit_append_only")
_audit_guard_lifted = threading.Event()


def _set_audit_flush_guard(enabled: bool) -> None:
    """The append-only audit table refuses the TRUNCATE (PostgreSQL) or DELETE (SQLite) with
    which pytest-django empties the database after a transactional test."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            action = "ENABLE" if enabled else "DISABLE"
            cursor.execute(
                f"ALTER TABLE core_auditentry {action} TRIGGER core_auditentry_no_truncate"
            )
        elif enabled:
            cursor.execute(_AUDIT_GUARD.SQLITE_REVERSE[1])
            cursor.execute(_AUDIT_GUARD.SQLITE[1])
        else:
            cursor.execute(_AUDIT_GUARD.SQLITE_REVERSE[1])


@pytest.fixture
def flushable_audit(transactional_db):
    """For transactional tests (threads, a live server): lift the audit table's guard against
    being emptied, so that pytest-django's flush after the test succeeds."""
    _set_audit_flush_guard(False)
    _audit_guard_lifted.set()


@pytest.fixture(autouse=True)
def _audit_guard_in_place(request, _database):
    """Ordinary tests run with the full append-only guard, even after a transactional test
    lifted it (re-created inside the test's transaction, so it costs one statement)."""
    if _audit_guard_lifted.is_set() and "flushable_audit" not in request.fixturenames:
        _set_audit_flush_guard(True)


class ApiClient:
    """JSON calls against /api with an optional bearer token."""

    def __init__(self, token: str | None = None) -> None:
        self.client = Client()
        self.token = token

    def _headers(self, headers: dict | None) -> dict:
        base = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return {**base, **(headers or {})}

    def request(self, method: str, path: str, data: Any = None, headers: dict | None = None):
        body = json.dumps(data) if data is not None else None
        return self.client.generic(
            method,
            path,
            data=body or "",
            content_type="application/json",
            headers=self._headers(headers),
        )

    def get(self, path: str, params: dict | None = None, headers: dict | None = None):
        return self.client.get(path, params or {}, headers=self._headers(headers))

    def post(self, path: str, data: Any = None, **kw):
        return self.request("POST", path, data, **kw)

    def put(self, path: str, data: Any = None, **kw):
        return self.request("PUT", path, data, **kw)

    def patch(self, path: str, data: Any = None, **kw):
        return self.request("PATCH", path, data, **kw)

    def delete(self, path: str, **kw):
        return self.request("DELETE", path, **kw)


@pytest.fixture
def make_customer() -> Callable[..., Customer]:
    counter = iter(range(1, 10_000))

    def make(**fields) -> Customer:
        n = next(counter)
        fields.setdefault("code", f"CUS{n:03d}")
        fields.setdefault("name", f"Customer {n}")
        return Customer.objects.create(**fields)

    return make


@pytest.fixture
def make_user(make_customer) -> Callable[..., User]:
    counter = iter(range(1, 10_000))

    def make(
        role: str = Role.OPS,
        *,
        email: str | None = None,
        password: str = PASSWORD,
        customer: Customer | None = None,
        **fields,
    ) -> User:
        if role in CUSTOMER_ROLES and customer is None:
            customer = make_customer()
        return services.create_user(
            email=email or f"user{next(counter)}@example.com",
            full_name=fields.pop("full_name", "Test User"),
            role=role,
            password=password,
            customer=customer,
            **fields,
        )

    return make


@pytest.fixture
def api_login() -> Callable[..., ApiClient]:
    """Log a user in through `POST /api/auth/login` and return a client using the token."""

    def login(user: User, password: str = PASSWORD) -> ApiClient:
        response = ApiClient().post("/api/auth/login", {"email": user.email, "password": password})
        assert response.status_code == 200, response.content
        return ApiClient(response.json()["token"])

    return login


@pytest.fixture
def anon() -> ApiClient:
    return ApiClient()
