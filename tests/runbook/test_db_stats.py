"""unicon db-stats on the test database (SQLite or PostgreSQL)."""

import io
import json

from django.core.management import call_command
from django.db import connection


def run(*args) -> str:
    out = io.StringIO()
    call_command("db_stats", *args, stdout=out)
    return out.getvalue()


def test_json_report_has_tables_counts_and_indexes(make_user):
    make_user()
    make_user()
    report = json.loads(run("--json", "--exact"))
    assert report["vendor"] == connection.vendor
    tables = {t["table"]: t for t in report["tables"]}
    assert tables["accounts_user"]["rows"] == 2
    assert report["databaseBytes"] > 0
    assert any(i["table"] == "accounts_user" for i in report["indexes"])
    if connection.vendor == "postgresql":
        assert report["connections"]["max"] > 0
        assert tables["accounts_user"]["total_bytes"] > 0
        if report["slowQueries"] is None:
            assert any("pg_stat_statements" in n for n in report["notes"])
    else:
        assert report["connections"] is None
        assert any("SQLite keeps no index-usage" in n for n in report["notes"])


def test_text_report_is_readable():
    out = run()
    assert out.startswith("Database (")
    assert "Tables by size" in out and "accounts_user" in out
    assert "Indexes" in out
