"""The benchmark (`make bench`) in its smallest mode: it runs and prints every row and the
plans. No timing is asserted. Skipped only without PostgreSQL or wrk."""

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from bench.scenarios import Targets, build_rows

PROJECT = Path(__file__).resolve().parents[2]
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
TIMEOUT_SECONDS = 300


def _server_url() -> str:
    """The PostgreSQL server of the suite's DATABASE_URL, else the local default."""
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme in {"postgres", "postgresql"}:
        return urlunsplit(urlsplit(url)._replace(path="/postgres"))
    return DEFAULT_SERVER


def _postgres_available(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


@pytest.fixture
def bench_database_url():
    server = _server_url()
    if shutil.which("wrk") is None:
        pytest.skip("wrk is not installed (apt-get install wrk)")
    if not _postgres_available(server):
        pytest.skip("PostgreSQL is not available")
    name = f"unicon_bench_test_{os.getpid()}"
    yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_bench_small_mode_prints_every_row_and_the_plans(bench_database_url):
    command = [sys.executable, "-m", "bench.run", "--database-url", bench_database_url]
    command += ["--shipments", "300", "--duration", "1", "--workers", "2", "--replays", "3"]
    command += ["--mix"]
    stdout, stderr, returncode = _run(command)
    assert returncode == 0, stdout + stderr
    header = next(line for line in stdout.splitlines() if line.startswith("row "))
    assert "plan" in header.split()
    assert "SQL/req" in header
    names = [row.name for row in build_rows(Targets("", "", "", "", "", ""))]
    for name in ["framework floor", *names]:
        assert name in stdout
    assert "Best within p95 ≤ 200 ms:" in stdout  # the mix (bench/mix.py)

    # the same database again (generation skipped), one row only
    only = [arg for arg in command if arg != "--mix"] + ["--only", "Crew"]
    stdout, stderr, returncode = _run(only)
    assert returncode == 0, stdout + stderr
    measured = [name for name in ["framework floor", *names] if f"\n{name} " in stdout]
    assert measured == ["framework floor", "crew pickers"], stdout


def _run(command: list[str]) -> tuple[str, str, int]:
    """Run the bench; on a timeout TERM it (it then stops its server and undoes its writes)."""
    process = subprocess.Popen(
        command, cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.terminate()
        stdout, stderr = process.communicate(timeout=60)
        pytest.fail(f"the bench took over {TIMEOUT_SECONDS} s:\n{stdout}\n{stderr}")
    return stdout, stderr, process.returncode
