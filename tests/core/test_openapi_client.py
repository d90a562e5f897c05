"""The API contract as an integrator meets it: a Python client generated from
`/api/openapi.json` with openapi-python-client (pinned in the dev dependencies) without a
single generator warning, and that client logs in, lists and reads a shipment."""

import importlib
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from unicon.core.roles import Role

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
PACKAGE = "unicon_schedule_api_client"


def _spec(client) -> dict:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_operation_ids_are_short_unique_camel_case(client):
    ids = [op["operationId"] for path in _spec(client)["paths"].values() for op in path.values()]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert all(i[0].islower() and "_" not in i for i in ids), ids
    assert {"listShipments", "getShipment", "confirmDocuments", "moveDriverTask"} <= set(ids)


def test_every_operation_types_its_errors(client):
    for name, path in _spec(client)["paths"].items():
        for method, operation in path.items():
            errors = {s: r for s, r in operation["responses"].items() if s[0] in "45"}
            assert {"403", "422", "429"} <= set(errors), (method, name)
            if "{" in name:
                assert "404" in errors, (method, name)
            for reply in errors.values():
                schema = reply["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (method, name)


@pytest.fixture
def generated(client, tmp_path):
    """The client package generated from the live spec, importable; fails on any warning."""
    spec = tmp_path / "openapi.json"
    spec.write_bytes(client.get("/api/openapi.json").content)
    config = tmp_path / "config.yaml"
    config.write_text("post_hooks: []\n")
    arguments = ["generate", "--path", str(spec), "--meta", "none", "--config", str(config)]
    run = subprocess.run(
        [str(GENERATOR), *arguments, "--output-path", str(tmp_path / PACKAGE)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "warning" not in output.lower(), output
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.startswith(PACKAGE)]:
            del sys.modules[name]
        shutil.rmtree(tmp_path / PACKAGE, ignore_errors=True)


def test_generated_client_logs_in_lists_and_reads(
    generated, flushable_audit, live_server, make_user
):
    api = importlib.import_module(f"{PACKAGE}.api.auth.login")
    listing = importlib.import_module(f"{PACKAGE}.api.shipments.list_shipments")
    detail = importlib.import_module(f"{PACKAGE}.api.shipments.get_shipment")
    models = importlib.import_module(f"{PACKAGE}.models")
    user = make_user(Role.OPS)
    anonymous = generated.Client(base_url=live_server.url)
    login = api.sync(client=anonymous, body=models.LoginIn(email=user.email, password=PASSWORD))
    assert isinstance(login, models.LoginOut)
    authed = generated.AuthenticatedClient(base_url=live_server.url, token=login.token)
    page = listing.sync(client=authed)
    assert isinstance(page, models.PagedShipmentListOut) and page.items == []
    missing = detail.sync_detailed(
        client=authed, shipment_id="00000000-0000-0000-0000-000000000000"
    )
    assert missing.status_code == 404
    assert isinstance(missing.parsed, models.ErrorOut)
    assert missing.parsed.error.code == "NOT_FOUND"
