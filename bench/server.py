"""The production server command (gunicorn, several workers) on the benchmark database."""

import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.database import BIN

STARTUP_SECONDS = 60


def production_env(database_url: str, media: Path) -> dict[str, str]:
    """Production settings, except what a plain-HTTP benchmark on 127.0.0.1 needs."""
    return {
        "UNICON_ENV": "production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        # plain HTTP on 127.0.0.1: no redirect to https (production keeps the default, on)
        "SECURE_SSL_REDIRECT": "false",
        # the benchmark sends far more than a user would
        "RATE_LIMIT_ENABLED": "false",
        "STORAGE_URL": str(media),
        "LOG_FORMAT": "json",
        "REQUEST_LOG_LEVEL": "INFO",
        "SENTRY_DSN": "",
    }


def collect_static(env: dict[str, str], var_dir: Path) -> dict[str, str]:
    """`env` with its own working folder (`UNICON_VAR_DIR`), into which `unicon collectstatic`
    writes the hashed static files that production pages (the board page rows) refer to."""
    env = {**env, "UNICON_VAR_DIR": str(var_dir)}
    subprocess.run(  # noqa: S603
        [str(BIN / "unicon"), "collectstatic", "--noinput", "-v", "0"],
        env={**os.environ, **env},
        check=True,
    )
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited ({process.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise SystemExit(f"/api/health did not answer 200 in {STARTUP_SECONDS} s:\n{log.read_text()}")


def _stop(process: subprocess.Popen) -> None:
    """TERM the whole process group (gunicorn and its workers), KILL it if it lingers."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


@contextmanager
def running(env: dict[str, str], workers: int, log: Path) -> Iterator[str]:
    """gunicorn unicon.wsgi on a free port; yields its base URL; always stopped."""
    port = int(os.environ.get("BENCH_PORT") or 0) or _free_port()  # a fixed one on shared hosts
    command = [
        str(BIN / "gunicorn"),
        "unicon.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603
            command,
            env={**os.environ, **env},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, log)
        yield url
    finally:
        _stop(process)


def warm_up(url: str, paths: list[str], times: int) -> None:
    """A few requests per path so every worker has loaded the URLconf and connected."""
    for path in paths:
        for _ in range(times):
            try:
                with urllib.request.urlopen(f"{url}{path}", timeout=10):  # noqa: S310
                    pass
            except urllib.error.HTTPError:
                pass
