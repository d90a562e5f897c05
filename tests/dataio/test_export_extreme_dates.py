"""Exports never drop rows because of a date stored outside `core.dates`' range: every
exportable list, as XLSX and as CSV, has exactly the list's rows, and a moment the business
time zone cannot reach (31/12/9999 23:59 UTC) is written in UTC. An export whose later page
fails answers that error instead of a file short of rows."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from tests.conftest import ApiClient
from unicon.core.management.commands.seed_demo import DEMO_PASSWORD
from unicon.dataio import export

#: Every exportable list without a path parameter (`dataio.exports`, `exports_billing`).
LISTS = [
    "shipments",
    "customers",
    "locations",
    "vehicles",
    "drivers",
    "users",
    "dispatch/tasks",
    "audit",
    "distances",
    "billing/tariffs",
    "billing/unbilled",
    "billing/charges",
    "billing/statements",
    "billing/invoices",
    "billing/receivables",
    "billing/payments",
]


def _login() -> ApiClient:
    response = ApiClient().post(
        "/api/auth/login", {"email": "admin@unicon.local", "password": DEMO_PASSWORD}
    )
    return ApiClient(response.json()["token"])


@pytest.fixture
def admin() -> ApiClient:
    return _login()


def _count(client: ApiClient, path: str) -> int:
    total, cursor = 0, None
    while True:
        page = client.get(path, {"limit": 200, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, (path, page.content[:300])
        body = page.json()
        total += len(body["items"])
        cursor = body.get("nextCursor")
        if not cursor:
            return total


def _xlsx_rows(response) -> list[tuple]:
    content = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))[1:]


def _csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))[1:]


def test_every_export_has_every_row(extreme, admin, settings):
    settings.EXPORT_INLINE_MAX_ROWS = 100_000  # in the request, not as a job
    paths = [f"/api/{route}" for route in LISTS]
    paths += [f"/api/shipments/{s.public_id}/events" for s in extreme["shipments"][:2]]
    short = {}
    for path in paths:
        expected = _count(admin, path)
        for fmt, read in (("xlsx", _xlsx_rows), ("csv", _csv_rows)):
            response = admin.get(path, {"format": fmt})
            assert response.status_code == 200, (path, fmt, response.content[:300])
            if len(read(response)) != expected:
                short[(path, fmt)] = expected
    assert short == {}


def test_a_moment_out_of_the_time_zone_is_exported_in_utc(extreme, admin):
    shipment = extreme["shipments"][0]
    shipment.refresh_from_db()
    response = admin.get("/api/shipments", {"format": "csv", "q": shipment.number})
    (row,) = [r for r in _csv_rows(response) if r[0] == shipment.number]
    if shipment.planned_end.year == 9999:
        assert "31/12/9999 23:59" in row  # the UTC value (no business-time equivalent)
    else:
        assert "01/01/0001 07:06" in row  # Ho Chi Minh's local mean time of that era


def test_a_page_that_fails_stops_the_export_instead_of_leaving_rows_out(files_in_tmp, monkeypatch):
    """The second page of the list answers an error (as a list API may, e.g. a lost right):
    the export answers that error, not a shorter file."""
    calls = []
    real = export.PageFetcher.__call__

    def second_page_fails(self, cursor):
        calls.append(cursor)
        if cursor:
            return export._json({"success": False, "error": {"code": "FORBIDDEN"}}, 403)
        return real(self, cursor)

    call_command("seed_demo")
    admin = _login()
    assert _count(admin, "/api/audit") > 200  # more than one page
    monkeypatch.setattr(export.PageFetcher, "__call__", second_page_fails)
    response = admin.get("/api/audit", {"format": "xlsx"})
    assert response.status_code == 403
    assert json.loads(response.content)["error"]["code"] == "FORBIDDEN"
