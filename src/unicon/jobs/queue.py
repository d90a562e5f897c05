"""The one task queue (Huey) and the API other apps use to put work on it.

Storage: a SQLite file `var/jobs.sqlite3` by default (no extra service); Redis when
`JOBS_REDIS_URL` (default: `REDIS_URL`) is set, which is what several workers on several
machines share. `JOBS_IMMEDIATE=true` runs every task at once in the calling process (the
test suite does this; a worker is then not needed).

    from unicon.jobs import enqueue_on_commit, periodic, task

    @task(retries=5, retry_delay=30)          # 30 s, 60 s, 120 s … between attempts
    def render_invoice(invoice_id: int) -> None: ...

    enqueue_on_commit(render_invoice, invoice.pk)   # queued only if the transaction commits

    @periodic("0 0 * * *", name="paper-reminders", description="Papers expiring soon")
    def paper_reminders() -> str: ...          # the returned text is the run's result

Tasks take JSON-able arguments (ids, not model instances: the row may change before the
worker runs). A task that raises is retried `retries` times, the delay multiplied by
`retry_backoff` (default 2) each time; `periodic` jobs run once per schedule slot even when
several workers run schedulers (see `run_job`). Schedules are crontab fields in UTC.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone
from huey import RedisHuey, SqliteHuey, crontab
from huey.api import Huey, TaskWrapper
from huey.signals import SIGNAL_ERROR, SIGNAL_RETRYING

logger = logging.getLogger("unicon.jobs")


def _build_huey() -> Huey:
    immediate = getattr(settings, "JOBS_IMMEDIATE", False)
    url = getattr(settings, "JOBS_REDIS_URL", "")
    if url:
        return RedisHuey("unicon", url=url, results=False, immediate=immediate, utc=True)
    filename = str(settings.VAR_DIR / "jobs.sqlite3")
    return SqliteHuey("unicon", filename=filename, results=False, immediate=immediate, utc=True)


huey: Huey = _build_huey()


def _close_db(fn: Callable) -> Callable:
    """The worker keeps threads for hours: drop broken or expired connections around a task."""

    @wraps(fn)
    def inner(*args, **kwargs):
        if not huey.immediate:
            close_old_connections()
        try:
            return fn(*args, **kwargs)
        finally:
            if not huey.immediate:
                close_old_connections()

    return inner


def task(*, retries: int = 3, retry_delay: int = 10, retry_backoff: float = 2, **options):
    """Decorate a function as a queued task; calling it enqueues it (and returns at once).

    `retries` attempts after the first failure, `retry_delay` seconds before the first retry,
    multiplied by `retry_backoff` for each further one. Other Huey task options (`priority`,
    `expires`, `name`) pass through. `fn.call_local(...)` runs it in this process.
    """

    def decorator(fn: Callable) -> TaskWrapper:
        wrapper = huey.task(
            retries=retries, retry_delay=retry_delay, retry_backoff=retry_backoff, **options
        )(_close_db(fn))
        wrapper.call_local = fn
        return wrapper

    return decorator


def enqueue_on_commit(task_fn: TaskWrapper, *args: Any, delay: float | None = None) -> None:
    """Queue `task_fn(*args)` once the current transaction commits (at once outside one).

    If the queue cannot be reached (Redis down) the error is logged, not raised: the
    business change is already committed, and callers that must not lose the work keep it in
    the database (the notifications outbox sweeps it up again).
    """

    def send() -> None:
        try:
            if delay:
                task_fn.schedule(args=args, delay=delay)
            else:
                task_fn(*args)
        except Exception:
            logger.exception("Could not queue %s%r", task_fn.func.__name__, args)

    transaction.on_commit(send)


# --------------------------------------------------------------------------- periodic jobs


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    schedule: str  # "minute hour day month day-of-week", UTC
    description: str
    func: Callable[[], str | None]
    is_due: Callable[[datetime], bool]


JOBS: dict[str, PeriodicJob] = {}


def _crontab(schedule: str) -> Callable[[datetime], bool]:
    fields = schedule.split()
    if len(fields) != 5:
        raise ValueError(f"A schedule has five crontab fields, not {schedule!r}")
    minute, hour, day, month, day_of_week = fields
    return crontab(minute=minute, hour=hour, day=day, month=month, day_of_week=day_of_week)


def periodic(schedule: str, *, name: str, description: str):
    """Declare a periodic job: `schedule` is five crontab fields in UTC ("30 20 * * *").

    The function takes no arguments and returns a short result text (or None). It is run by
    the scheduler inside `unicon worker`, and by hand with `unicon jobs run <name>`.
    """
    is_due = _crontab(schedule)

    def decorator(fn: Callable[[], str | None]) -> Callable[[], str | None]:
        if name in JOBS:
            raise ValueError(f"Periodic job {name!r} is declared twice")
        JOBS[name] = PeriodicJob(name, schedule, description, fn, is_due)

        def scheduled() -> None:
            run_job(name, slot=due_slot(JOBS[name], timezone.now()))

        scheduled.__name__ = f"periodic_{name.replace('-', '_')}"
        huey.periodic_task(is_due, name=f"periodic:{name}", retries=0)(_close_db(scheduled))
        return fn

    return decorator


def due_slot(job: PeriodicJob, now: datetime) -> datetime:
    """The latest minute at or before `now` at which `job` was due (what a run belongs to)."""
    minute = now.replace(second=0, microsecond=0)
    for back in range(0, 60 * 24 * 32):
        candidate = minute - timedelta(minutes=back)
        if job.is_due(candidate.replace(tzinfo=None)):
            return candidate
    return minute


def run_job(name: str, *, slot: datetime | None = None):
    """Run periodic job `name` for `slot` (default: now, i.e. a manual run) and record it.

    Returns the `JobRun`, or None when another scheduler already ran (or is running) the same
    slot. A failing job is recorded as FAILED and its exception re-raised. Runs older than
    `JOBS_RUN_RETENTION_DAYS` are deleted (the every-minute jobs would pile up).
    """
    from unicon.jobs.models import JobRun

    job = JOBS[name]
    now = timezone.now()
    try:
        with transaction.atomic():
            run = JobRun.objects.create(name=name, slot=slot or now, started_at=now)
    except IntegrityError:
        logger.info("Job %s for %s already ran elsewhere; skipped", name, slot)
        return None
    try:
        run.message = str(job.func() or "")[:2000]
        run.result = JobRun.Result.OK
    except Exception as exc:
        run.result = JobRun.Result.FAILED
        run.message = f"{type(exc).__name__}: {exc}"[:2000]
        raise
    finally:
        run.finished_at = timezone.now()
        run.save(update_fields=["result", "message", "finished_at"])
        keep = timedelta(days=settings.JOBS_RUN_RETENTION_DAYS)
        JobRun.objects.filter(name=name, started_at__lt=now - keep).delete()
    return run


@huey.signal(SIGNAL_ERROR, SIGNAL_RETRYING)
def _count_failure(signal: str, task, exc: Exception | None = None) -> None:
    """Count task failures (and retries) per task name for `/metrics` and `unicon jobs`."""
    from django.db.models import F

    from unicon.jobs.models import TaskFailure

    try:
        TaskFailure.objects.get_or_create(name=task.name)
        if signal == SIGNAL_RETRYING:
            TaskFailure.objects.filter(name=task.name).update(retries=F("retries") + 1)
        else:
            TaskFailure.objects.filter(name=task.name).update(
                failures=F("failures") + 1,
                last_error=f"{type(exc).__name__}: {exc}"[:2000] if exc else "",
                last_failed_at=timezone.now(),
            )
    except Exception:
        logger.exception("Could not count the failure of %s", task.name)
