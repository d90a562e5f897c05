"""The maintenance schedule: the deployment guide's cron lines, now run by the worker.

Each job runs the same `unicon` command an operator runs by hand, with the same arguments
(docs/DEPLOYMENT.md "Scheduled jobs"); backups stay in cron because they copy files off the
machine. Times are UTC (19:00-22:00 UTC is 02:00-05:00 in Vietnam, the quiet hours).
"""

from io import StringIO

from django.core.management import call_command

from unicon.core.idempotency import purge_expired
from unicon.jobs.queue import periodic


def _command(*args: str) -> str:
    """Run `unicon <args>` in this process; its output (last lines) is the job's result."""
    out = StringIO()
    call_command(*args, stdout=out, stderr=out)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    return " | ".join(lines[-3:])


@periodic("0 20 * * *", name="clear-sessions", description="unicon clearsessions")
def clear_sessions() -> str:
    return _command("clearsessions") or "done"


@periodic("30 20 * * *", name="archive-pods", description="unicon archive-pods --days 90")
def archive_pods() -> str:
    return _command("archive_pods", "--days", "90")


@periodic(
    "0 21 * * 0", name="delete-old-pods", description="unicon delete-old-pods --days 90 --confirm"
)
def delete_old_pods() -> str:
    return _command("delete_old_pods", "--days", "90", "--confirm")


@periodic("30 21 * * 0", name="sweep-pod-files", description="unicon sweep-pod-files --confirm")
def sweep_pod_files() -> str:
    return _command("sweep_pod_files", "--confirm")


@periodic(
    "0 22 1 * *",
    name="archive-old-data",
    description="unicon archive-old-data --days 90 --confirm",
)
def archive_old_data() -> str:
    return _command("archive_old_data", "--days", "90", "--confirm")


@periodic(
    "15 * * * *",
    name="purge-idempotency-keys",
    description="Delete kept Idempotency-Key answers older than IDEMPOTENCY_KEEP_HOURS",
)
def purge_idempotency_keys() -> str:
    return f"{purge_expired()} row(s) deleted"
