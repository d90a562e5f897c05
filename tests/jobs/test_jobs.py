"""The job system: `unicon jobs`, one run per schedule slot, retries, metrics."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from unicon.jobs import huey, run_job, task
from unicon.jobs.models import JobRun, TaskFailure
from unicon.jobs.queue import JOBS, due_slot


def _jobs(*args: str) -> str:
    out = StringIO()
    call_command("jobs", *args, stdout=out)
    return out.getvalue()


def test_jobs_lists_every_periodic_job_with_its_last_run():
    listing = _jobs()
    for name in ("clear-sessions", "archive-pods", "archive-old-data", "sweep-pod-files"):
        assert name in listing
    assert "never" in listing
    assert "Queue: 0 pending" in listing

    assert "clear-sessions: OK" in _jobs("run", "clear-sessions")
    line = next(row for row in _jobs().splitlines() if row.startswith("clear-sessions"))
    assert "never" not in line and " OK " in line


def test_unknown_job_is_refused():
    with pytest.raises(CommandError, match="Unknown job 'nope'"):
        _jobs("run", "nope")


def test_a_slot_runs_once_even_with_two_schedulers():
    slot = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)
    assert run_job("clear-sessions", slot=slot).result == JobRun.Result.OK
    assert run_job("clear-sessions", slot=slot) is None  # the second scheduler skips
    assert JobRun.objects.filter(name="clear-sessions").count() == 1


def test_due_slot_is_the_minute_the_job_was_due():
    job = JOBS["archive-pods"]  # 30 20 * * *
    late = datetime(2026, 11, 30, 20, 31, 40, tzinfo=UTC)
    assert due_slot(job, late) == datetime(2026, 11, 30, 20, 30, tzinfo=UTC)
    assert due_slot(job, datetime(2026, 12, 1, 3, 0, tzinfo=UTC)) == late.replace(
        minute=30, second=0
    )


calls = []


@task(retries=2, retry_delay=0)
def flaky(n: int) -> None:
    calls.append(n)
    raise RuntimeError("boom")


def test_a_failing_task_is_retried_and_counted():
    calls.clear()
    flaky(7)  # immediate mode: runs now; retries are executed as they come due
    assert calls == [7, 7, 7]
    failure = TaskFailure.objects.get(name="flaky")
    assert (failure.failures, failure.retries) == (3, 2)
    assert "RuntimeError: boom" in failure.last_error


def test_metrics_show_queue_depth_and_failures():
    TaskFailure.objects.create(name="demo.task", failures=4)
    body = Client().get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    assert 'unicon_jobs_queue_depth{state="pending"}' in body
    assert 'unicon_jobs_task_failures_total{task="demo.task"} 4.0' in body
    assert huey.immediate
