"""Golden responses: the read endpoints issue 20 optimised answer with the bodies they gave
before (on the demo data, at a frozen time). Public ids are random, so each UUID is replaced
by its order of first appearance and keyset cursors (which carry row ids) by a marker;
everything else — field order, number and date formats, escapes — is compared byte for
byte, and the parsed JSON too.

Regenerate only when a response changes on purpose: `UPDATE_GOLDEN=1 pytest tests/golden`,
then review the diff of `tests/golden/data/<database vendor>/`."""

import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from unicon.accounts.models import User
from unicon.core.management.commands.seed_demo import DEMO_PASSWORD

DATA = Path(__file__).parent / "data"
NOW = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)  # 10:00 in Hồ Chí Minh City
UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
CURSOR = re.compile(rb'("nextCursor": ?)"[^"]+"')


@pytest.fixture
def demo(files_in_tmp):
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo")
        yield


def _client(email: str, api_login):
    return api_login(User.objects.get(email=email), DEMO_PASSWORD)


def _normalised(body: bytes) -> bytes:
    seen: dict[bytes, bytes] = {}

    def ordinal(match: re.Match) -> bytes:
        return seen.setdefault(match.group(0), b"uuid-%d" % (len(seen) + 1))

    return CURSOR.sub(rb'\1"<cursor>"', UUID.sub(ordinal, body))


def _check(name: str, response) -> None:
    assert response.status_code == 200, (name, response.content)
    body = _normalised(response.content)
    path = DATA / connection.vendor / f"{name}.json"  # ties in the demo order differ
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        return
    golden = path.read_bytes()
    assert json.loads(body) == json.loads(golden), name
    assert body == golden, name


def _ids(client, url: str) -> list[str]:
    return [item["id"] for item in client.get(url).json()["items"]]


def test_shipment_lists_and_details(demo, api_login):
    ops = _client("ops@unicon.local", api_login)
    first = ops.get("/api/shipments", {"limit": 7}).json()
    assert first["nextCursor"]
    cases = {
        "shipments": ("/api/shipments", {}),
        "shipments-page2": ("/api/shipments", {"limit": 7, "cursor": first["nextCursor"]}),
        "shipments-status": ("/api/shipments", {"status": "PENDING,DELIVERED"}),
        "shipments-search": ("/api/shipments", {"q": first["items"][0]["containerNumber"][:4]}),
        "shipments-customer": ("/api/shipments", {"customer": first["items"][0]["customer"]["id"]}),
    }
    for name, (url, params) in cases.items():
        _check(name, ops.get(url, params))
    for n, shipment_id in enumerate(_ids(ops, "/api/shipments?limit=200")):
        _check(f"shipment-{n:02d}", ops.get(f"/api/shipments/{shipment_id}"))
    customer = _client("admin@unicon.local", api_login)
    _check("shipments-admin", customer.get("/api/shipments"))
    for role, client in (
        ("customer", customer),
        ("driver", _client("driver@unicon.local", api_login)),
    ):
        for n, shipment_id in enumerate(_ids(client, "/api/shipments?limit=5")):
            _check(f"shipment-{role}-{n}", client.get(f"/api/shipments/{shipment_id}"))


def test_driver_tasks_and_dispatch_lists(demo, api_login):
    driver = _client("driver@unicon.local", api_login)
    _check("driver-tasks", driver.get("/api/driver/tasks"))
    _check("driver-tasks-yesterday", driver.get("/api/driver/tasks", {"date": "2026-11-29"}))
    _check("driver-shipments", driver.get("/api/shipments"))
    dispatcher = _client("dispatcher@unicon.local", api_login)
    _check("dispatch-tasks", dispatcher.get("/api/dispatch/tasks"))
    day = {"from": "2026-11-30"}
    _check("dispatch-board", dispatcher.get("/api/dispatch/board", day))
    _check("dispatch-board-week", dispatcher.get("/api/dispatch/board", {**day, "days": 7}))
    _check("dispatch-waiting", dispatcher.get("/api/dispatch/waiting", day))
    _check("dispatch-crew", dispatcher.get("/api/dispatch/crew", {"date": "2026-11-30"}))
    _check("dispatch-crew-full", dispatcher.get("/api/dispatch/crew", {"full": "true"}))


def test_reference_lists(demo, api_login):
    ops = _client("ops@unicon.local", api_login)
    for name in ("customers", "locations", "vehicles", "drivers", "legal-entities"):
        _check(name, ops.get(f"/api/{name}"))
