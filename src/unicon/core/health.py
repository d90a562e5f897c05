"""Health checks: cheap enough to poll every few seconds (one `SELECT 1`, one stat call)."""

import os
import time
from collections.abc import Callable

from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.utils import timezone

from unicon import __version__


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_storage() -> None:
    if isinstance(default_storage, FileSystemStorage):
        location = default_storage.location
        os.makedirs(location, exist_ok=True)
        if not os.access(location, os.W_OK):
            raise OSError(f"media folder {location} is not writable")
    else:
        default_storage.exists(".health")


CHECKS: dict[str, Callable[[], None]] = {"database": check_database, "storage": check_storage}


def _timed(check: Callable[[], None]) -> dict:
    started = time.perf_counter()
    try:
        check()
    except Exception as exc:
        return {
            "status": "error",
            "latencyMs": round((time.perf_counter() - started) * 1000, 2),
            "error": f"{type(exc).__name__}: {exc}"[:300],
        }
    return {"status": "ok", "latencyMs": round((time.perf_counter() - started) * 1000, 2)}


def run_checks() -> dict:
    """The health report; `status` is `ok` only when every check passed."""
    checks = {name: _timed(check) for name, check in CHECKS.items()}
    failing = [name for name, result in checks.items() if result["status"] != "ok"]
    report = {
        "status": "error" if failing else "ok",
        "version": __version__,
        "time": timezone.now().isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "checks": checks,
    }
    if failing:
        report["failing"] = failing
    report["storage"] = _storage()
    report["mode"] = _mode()
    return report


def _storage() -> str:
    """Which file storage this process uses (an env file half-read by a shell would show a
    local folder here while the app servers use S3)."""
    from unicon.pods.storage import describe

    return describe()


def _mode() -> dict | None:
    """Maintenance/read-only state (unicon.runbook), shown so monitors see planned downtime."""
    try:
        from unicon.runbook.modes import current
    except ImportError:
        return None
    return current().report()
