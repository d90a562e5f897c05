"""unicon export-audit: filters, both formats, and flat memory on a large table."""

import csv
import io
import json
import tracemalloc
from datetime import datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from unicon.core.models import AuditEntry
from unicon.core.roles import Role


def export(tmp_path, *args, name="out"):
    path = tmp_path / name
    call_command("export_audit", *args, "--output", str(path), stderr=io.StringIO())
    return path


def _bulk(count):
    AuditEntry.objects.bulk_create(
        (
            AuditEntry(action="test.bulk", actor_label="bulk@example.com", extra={"i": i})
            for i in range(count)
        ),
        batch_size=1000,
    )


def test_jsonl_export_filters_by_window_and_user(tmp_path, make_user):
    user = make_user(Role.OPS, email="alice@example.com")  # creates "user.create" entries
    from unicon.core import audit

    audit.log("test.by_alice", actor=user, extra={"note": "Tiếng Việt"})
    audit.log("test.by_system")
    today = timezone.localdate().isoformat()
    path = export(tmp_path, "--since", today, "--until", today, "--format", "jsonl")
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    actions = [line["action"] for line in lines]
    assert "test.by_alice" in actions and "test.by_system" in actions
    assert [line["id"] for line in lines] == sorted(line["id"] for line in lines)

    mine = export(
        tmp_path, "--user", "ALICE@example.com", "--actor", "--format", "jsonl", name="mine"
    )
    rows = [json.loads(line) for line in mine.read_text(encoding="utf-8").splitlines()]
    assert [r["action"] for r in rows] == ["test.by_alice"]
    assert rows[0]["extra"] == {"note": "Tiếng Việt"}
    about = export(tmp_path, "--user", "alice@example.com", name="about")
    actions = [json.loads(line)["action"] for line in about.read_text().splitlines()]
    assert actions[0] == "user.create" and "test.by_alice" in actions  # both by default

    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    empty = export(tmp_path, "--since", tomorrow, "--format", "jsonl", name="empty")
    assert empty.read_text() == ""
    assert AuditEntry.objects.filter(action="ops.audit_export").count() == 4


def test_csv_export_has_a_header_and_json_columns(tmp_path):
    from unicon.core import audit

    audit.log("test.csv", extra={"a": 1})
    path = export(tmp_path, "--format", "csv")
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    row = next(r for r in rows if r["action"] == "test.csv")
    assert json.loads(row["extra"]) == {"a": 1}
    assert datetime.fromisoformat(row["created_at"])


def test_export_to_stdout_and_bad_arguments(tmp_path):
    from unicon.core import audit

    audit.log("test.stdout")
    out = io.StringIO()
    call_command("export_audit", "--format", "jsonl", stdout=out, stderr=io.StringIO())
    assert json.loads(out.getvalue().splitlines()[-1])["action"] == "test.stdout"
    with pytest.raises(CommandError, match="Not a date"):
        call_command("export_audit", "--since", "yesterday", stdout=io.StringIO())
    with pytest.raises(CommandError, match="before"):
        call_command(
            "export_audit", "--since", "2026-02-01", "--until", "2026-01-01", stdout=io.StringIO()
        )


def _peak_export(tmp_path, name):
    tracemalloc.start()
    try:
        export(tmp_path, "--format", "jsonl", name=name)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_large_export_runs_in_bounded_memory(tmp_path):
    """Peak memory with 4x the rows stays about the same (rows are streamed, not loaded)."""
    _bulk(5_000)
    small = _peak_export(tmp_path, "small")
    _bulk(15_000)
    large = _peak_export(tmp_path, "large")
    assert sum(1 for _ in (tmp_path / "large").open()) >= 20_000
    assert large < small * 1.5 + 2_000_000, (small, large)
