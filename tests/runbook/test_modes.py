"""unicon maintenance / read-only: the state is in the database, enforced by middleware."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client

from tests.conftest import PASSWORD
from unicon.core.models import AuditEntry
from unicon.core.roles import Role
from unicon.customers.models import Customer
from unicon.runbook import modes
from unicon.runbook.middleware import read_only_database
from unicon.runbook.models import SystemMode


@pytest.fixture(autouse=True)
def _fresh_mode():
    modes.invalidate()
    yield
    modes.invalidate()


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def web_login(user) -> Client:
    client = Client()
    response = client.post("/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def test_status_is_normal_by_default():
    report = json.loads(run("maintenance", "status"))
    assert report["name"] == "normal"
    assert not SystemMode.objects.exists()


def test_maintenance_mode_blocks_pages_and_api_but_not_health(make_user, api_login, anon):
    api = api_login(make_user(Role.OPS))
    web = web_login(make_user(Role.OPS))
    out = run("maintenance", "on", "--message", "Nâng cấp hệ thống đến 22:00")
    assert "Maintenance mode on" in out
    assert SystemMode.objects.get().maintenance is True
    assert AuditEntry.objects.filter(action="ops.mode_change").exists()

    response = api.get("/api/customers")
    assert response.status_code == 503
    assert response["Retry-After"]
    body = response.json()
    assert body["error"]["code"] == "MAINTENANCE"
    assert body["error"]["message"] == "Nâng cấp hệ thống đến 22:00"

    page = web.get("/ops/shipments/")
    assert page.status_code == 503
    html = page.content.decode()
    assert "Hệ thống đang bảo trì" in html and "down for maintenance" in html
    assert "Nâng cấp hệ thống đến 22:00" in html
    assert Client().get("/login/").status_code == 503

    health = anon.get("/api/health")
    assert health.status_code == 200
    assert health.json()["mode"]["name"] == "maintenance"
    assert health.json()["mode"]["message"] == "Nâng cấp hệ thống đến 22:00"

    run("maintenance", "off")
    assert api.get("/api/customers").status_code == 200
    assert web.get("/api/auth/me").status_code == 200
    assert anon.get("/api/health").json()["mode"]["name"] == "normal"


def test_read_only_refuses_writes_through_api_pages_and_admin_while_reads_work(
    make_user, api_login
):
    ops = make_user(Role.OPS)
    api = api_login(ops)
    web = web_login(ops)
    admin_web = web_login(make_user(Role.ADMIN))
    run("read_only", "on", "--message", "Read-only while we migrate")
    before = Customer.objects.count()

    assert api.get("/api/customers").status_code == 200
    assert web.get("/api/auth/me").status_code == 200  # browser session reads
    assert admin_web.get("/admin/").status_code == 200

    response = api.post("/api/customers", {"code": "NEWCO", "name": "New Co"})
    assert response.status_code == 503
    assert response.json()["error"] == {
        "code": "MAINTENANCE",
        "message": "Read-only while we migrate",
        "details": {"mode": "read-only"},
    }
    page = web.post("/account/sessions/abc/end/")
    assert page.status_code == 503
    assert "chỉ đọc" in page.content.decode()
    admin = admin_web.post("/admin/customers/customer/add/", {"code": "X", "name": "X"})
    assert admin.status_code == 503
    assert Customer.objects.count() == before

    # NetBox style: logging in still works (it writes only the session)
    assert web_login(make_user(Role.DISPATCHER))
    login = api.post("/api/auth/login", {"email": ops.email, "password": PASSWORD})
    assert login.status_code == 200

    run("read_only", "off")
    assert api.post("/api/customers", {"code": "NEWCO", "name": "New Co"}).status_code == 201


def test_read_only_database_guard_refuses_a_write_inside_a_read():
    """A GET view that writes by mistake cannot write anything in read-only mode."""
    from unicon.core.errors import Maintenance

    with read_only_database():
        assert Customer.objects.count() >= 0
        with pytest.raises(Maintenance), transaction.atomic():
            Customer.objects.create(code="SNEAKY", name="Sneaky")
    assert not Customer.objects.filter(code="SNEAKY").exists()
    # afterwards the connection writes again
    Customer.objects.create(code="OK1", name="Fine")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW default_transaction_read_only")
            assert cursor.fetchone()[0] == "off"


def test_mode_is_shared_through_the_database_with_a_short_cache(settings):
    settings.SYSTEM_MODE_CACHE_SECONDS = 60
    assert modes.current().name == "normal"
    # another process changes the row directly: this process sees it after the cache time
    SystemMode.objects.create(pk=1, read_only=True)
    assert modes.current().name == "normal"
    assert modes.current(refresh=True).name == "read-only"
    settings.SYSTEM_MODE_CACHE_SECONDS = 0
    SystemMode.objects.filter(pk=1).update(read_only=False, maintenance=True)
    assert modes.current().name == "maintenance"
