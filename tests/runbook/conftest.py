"""Helpers to run the real `unicon` CLI against a scratch database (SQLite file or PostgreSQL)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

UNICON = str(Path(sys.executable).parent / "unicon")
PG_ADMIN_URL = os.environ.get("OPS_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432")


class Cli:
    """Runs `unicon ...` in a subprocess with its own DATABASE_URL and var/ folder."""

    def __init__(self, database_url: str, var_dir: Path) -> None:
        self.database_url = database_url
        self.var_dir = var_dir
        self.media = var_dir / "media"

    def env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        env.update(
            DATABASE_URL=self.database_url,
            UNICON_VAR_DIR=str(self.var_dir),
            STORAGE_URL=str(self.media),
            UNICON_ENV="test",
            DJANGO_SETTINGS_MODULE="unicon.settings",
        )
        return env

    def __call__(
        self,
        *args: str,
        check: bool = True,
        stdin: str | None = None,
        extra_env: dict | None = None,
    ):
        result = subprocess.run(
            [UNICON, *args],
            env={**self.env(), **(extra_env or {})},
            capture_output=True,
            text=True,
            input=stdin,
            timeout=300,
            check=False,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"unicon {' '.join(args)} failed ({result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result

    def shell(self, code: str) -> str:
        return self("shell", "-v0", "-c", code).stdout


def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{PG_ADMIN_URL}/postgres", connect_timeout=3):
            return True
    except Exception:
        return False


@pytest.fixture(params=["sqlite", "postgresql"])
def scratch_cli(request, tmp_path):
    """A migrated scratch database of each vendor, dropped afterwards."""
    if request.param == "sqlite":
        yield Cli(f"sqlite:///{tmp_path / 'scratch.sqlite3'}", tmp_path)
        return
    if not _pg_available():
        pytest.skip("PostgreSQL is not reachable")
    import psycopg

    name = f"unicon_opskit_scratch_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{PG_ADMIN_URL}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Cli(f"{PG_ADMIN_URL}/{name}", tmp_path)
    finally:
        with psycopg.connect(f"{PG_ADMIN_URL}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def media_root(tmp_path, settings):
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in English (the msgids)."""
    settings.LANGUAGE_CODE = "en"
