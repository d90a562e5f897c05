"""`python -m bench.notifications` in a tiny mode: it runs a real worker end to end and prints
its four rows. No timing is asserted. Skipped without PostgreSQL or Redis."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
import redis

PROJECT = Path(__file__).resolve().parents[2]
SERVER = "postgres://postgres@127.0.0.1:5432"
# per run: two suites side by side (SQLite and PostgreSQL) must not drop each other's database
# or empty each other's queue (the bench empties its Redis db; tests/jobs uses db 5, the
# settings test db 15)
DATABASE = f"unicon_bench_notify_test_{os.getpid()}"
REDIS = f"redis://127.0.0.1:6379/{6 + os.getpid() % 9}"


def _available() -> bool:
    try:
        with psycopg.connect(f"{SERVER}/postgres", connect_timeout=3):
            pass
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=3).ping())
    except (psycopg.Error, redis.RedisError):
        return False


def test_notification_bench_prints_its_rows():
    if not _available():
        pytest.skip("PostgreSQL or Redis is not reachable")
    database = f"{SERVER}/{DATABASE}"
    result = subprocess.run(
        [sys.executable, "-m", "bench.notifications", "--database-url", database,
         "--redis-url", REDIS, "--events", "3", "--recipients", "4", "--endpoints", "2"],
        cwd=PROJECT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert len(lines) == 6
    assert "notifications written by the worker (3 requests × 4 OPS users" in lines[1]
    assert lines[2].endswith(" /s") and " s / " in lines[3] and " s / " in lines[4]
    assert lines[5].endswith(" /s")
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
