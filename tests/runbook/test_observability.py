"""Request log, slow-request warning, /metrics protection and content, JSON logs, Sentry scrub."""

import json
import logging

from django.test import Client

from unicon.core.roles import Role
from unicon.runbook.logformat import JsonFormatter
from unicon.runbook.sentry import scrub_event


def test_metrics_need_token_or_allowed_address(settings, anon):
    settings.METRICS_TOKEN = "s3cret-token"
    settings.METRICS_ALLOWED_IPS = ["10.9.9.9"]
    assert Client().get("/metrics").status_code == 403
    assert Client().get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 403
    ok = Client().get("/metrics", headers={"Authorization": "Bearer s3cret-token"})
    assert ok.status_code == 200
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1"]
    assert Client().get("/metrics").status_code == 200  # the test client is 127.0.0.1


def test_metrics_count_requests_latency_queries_and_logins(settings, make_user, api_login, anon):
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1"]
    user = make_user(Role.OPS)
    api = api_login(user)
    api.get("/api/customers")
    anon.post("/api/auth/login", {"email": user.email, "password": "wrong password"})
    body = Client().get("/metrics").content.decode()
    assert 'unicon_http_requests_total{method="GET",route="/api/customers",status="200"}' in body
    assert (
        'unicon_http_request_duration_seconds_bucket{le="0.01",method="GET",route="/api/customers"}'
        in body
    )
    assert 'unicon_db_queries_per_request_count{route="/api/customers"}' in body
    assert 'unicon_logins_total{result="success"}' in body
    assert 'unicon_logins_total{result="failure"}' in body
    assert "unicon_uploads_total" in body


def test_request_log_has_request_id_user_route_status_duration(
    settings, make_user, api_login, caplog
):
    user = make_user(Role.OPS)
    api = api_login(user)
    settings.SLOW_REQUEST_MS = 0  # every request is "slow": logged at WARNING
    with caplog.at_level(logging.INFO, logger="unicon.request"):
        response = api.get("/api/customers", headers={"X-Request-ID": "req-12345678"})
    record = [r for r in caplog.records if r.name == "unicon.request"][-1]
    assert record.levelno == logging.WARNING and "SLOW" in record.getMessage()
    assert record.request_id == "req-12345678" == response["X-Request-ID"]
    assert record.user == user.email
    assert record.route == "/api/customers"
    assert record.status == 200
    assert record.duration_ms >= 0 and record.db_queries >= 1

    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "WARNING"
    assert line["request_id"] == "req-12345678"
    assert line["route"] == "/api/customers" and line["status"] == 200
    assert "duration_ms" in line and line["user"] == user.email


def test_fast_requests_are_logged_at_info(make_user, api_login, caplog):
    api = api_login(make_user(Role.OPS))
    with caplog.at_level(logging.INFO, logger="unicon.request"):
        api.get("/api/customers")
    record = [r for r in caplog.records if r.name == "unicon.request"][-1]
    assert record.levelno == logging.INFO


def _logged(caplog, client: Client, path: str, status: int) -> list[logging.LogRecord]:
    with caplog.at_level(logging.INFO, logger="unicon.request"):
        assert client.get(path).status_code == status
    return [r for r in caplog.records if r.name in ("django.request", "unicon.request")]


def test_a_refusal_or_a_missing_page_is_logged_once_without_traceback(make_user, caplog):
    """A 403 (a page's role check, `PermissionDenied`) or a 404 is an expected answer: the one
    request line, no `django.request` warning with the exception's traceback."""
    client = Client()
    client.force_login(make_user(Role.OPS))
    for path, status in (("/costs/fuel/new/", 403), ("/no/such/page/", 404)):
        caplog.clear()
        records = _logged(caplog, client, path, status)
        assert [(r.name, r.status) for r in records] == [("unicon.request", status)], path
        assert records[0].exc_info is None and records[0].levelno == logging.INFO


def test_a_server_error_keeps_its_traceback(make_user, caplog, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("unicon.dataio.kpi.dashboard", broken)
    client = Client(raise_request_exception=False)
    client.force_login(make_user(Role.OPS))
    records = _logged(caplog, client, "/dashboard/", 500)
    errors = [r for r in records if r.name == "django.request"]
    assert len(errors) == 1 and errors[0].exc_info[0] is RuntimeError
    assert [r.status for r in records if r.name == "unicon.request"] == [500]


def test_json_formatter_includes_exceptions():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, __file__, 1, "failed %s", ("here",), exc_info=True
        )
        import sys

        record.exc_info = sys.exc_info()
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "failed here"
    assert "ValueError: boom" in line["exception"]


def test_sentry_events_are_scrubbed():
    event = {
        "request": {
            "cookies": {"unicon_session": "abc"},
            "headers": {"Authorization": "Bearer t0ken", "User-Agent": "x"},
            "data": {"email": "a@b.c", "password": "hunter2", "nested": {"newPassword": "p"}},
            "query_string": "token=abc",
        },
        "user": {"id": "7", "email": "a@b.c", "ip_address": "1.2.3.4"},
        "extra": {"api_key": "k", "ok": 1},
    }
    clean = scrub_event(event)
    assert "cookies" not in clean["request"]
    assert clean["request"]["headers"] == {"Authorization": "[Filtered]", "User-Agent": "x"}
    assert clean["request"]["data"]["password"] == "[Filtered]"
    assert clean["request"]["data"]["nested"]["newPassword"] == "[Filtered]"
    assert clean["request"]["query_string"] == "[Filtered]"
    assert clean["user"] == {"id": "7"}
    assert clean["extra"] == {"api_key": "[Filtered]", "ok": 1}
