"""Outage mode without the database (runbook §4.3): a flag file or UNICON_MAINTENANCE,
switched and shown by `unicon maintenance`, reported by /api/health, obeyed by every request."""

import json

from tests.runbook.conftest import Cli

DOWN = "postgres://postgres@127.0.0.1:1/unreachable"  # nothing listens on port 1
PROBE = (
    "from django.test import Client; import json; c = Client();"
    "h = c.get('/api/health'); a = c.get('/api/shipments'); p = c.get('/login/');"
    "print(json.dumps([h.status_code, h.json(), a.status_code, a.json(), p.status_code]))"
)


def probe(cli: Cli, **env) -> list:
    out = cli("shell", "-v0", "-c", PROBE, extra_env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_outage_switch_works_with_the_database_down(tmp_path):
    cli = Cli(DOWN, tmp_path)
    on = cli("maintenance", "on", "--outage", "--message", "Sự cố cơ sở dữ liệu")
    assert "Outage maintenance mode on" in on.stdout
    status = cli("maintenance", "status")
    report = json.loads(status.stdout[status.stdout.index("{") :])
    assert report["maintenance"] and report["source"] == "flag file"
    assert report["message"] == "Sự cố cơ sở dữ liệu" and report["databaseReachable"] is False

    health_status, health, api_status, api, page_status = probe(cli)
    assert health_status == 503 and health["mode"]["source"] == "flag file"
    assert "database" in health["failing"] and health["storage"].startswith("local folder")
    assert api_status == 503 and api["error"]["code"] == "MAINTENANCE"
    assert api["error"]["message"] == "Sự cố cơ sở dữ liệu"
    assert page_status == 503

    cli("maintenance", "off", "--outage")
    assert not (tmp_path / "maintenance.flag").exists()
    forced = probe(cli, UNICON_MAINTENANCE="true")
    assert forced[1]["mode"]["source"] == "environment" and forced[2] == 503
