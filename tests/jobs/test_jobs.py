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


def test_outbox_depth_in_metrics(make_user):
    from unicon.notifications.models import EmailDelivery, Event, Notification

    user = make_user()
    event = Event.objects.create(type="shipment.delivered", object_type="shipment")
    note = Notification.objects.create(event=event, user=user, type=event.type)
    EmailDelivery.objects.create(notification=note, status="FAILED")
    body = Client().get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    assert 'unicon_outbox_deliveries{channel="email",state="failed"} 1.0' in body
    assert 'unicon_outbox_deliveries{channel="webhook",state="pending"} 0.0' in body


def test_redis_url_selects_the_redis_queue():
    """With REDIS_URL (or JOBS_REDIS_URL) set the queue is Redis, shared by every worker."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    import redis

    url = "redis://127.0.0.1:6379/5"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        pytest.skip("Redis is not reachable")
    code = (
        "from unicon.jobs import huey; from unicon.notifications.tasks import send_emails; "
        "send_emails.schedule(args=([0],), delay=3600); "
        "print(type(huey.storage).__name__, huey.pending_count()); huey.flush()"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.pop("JOBS_REDIS_URL", None)
    env.update(REDIS_URL=url, UNICON_ENV="test")
    unicon = str(Path(sys.executable).parent / "unicon")
    out = subprocess.run(
        [unicon, "shell", "-v0", "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out[:1] == ["RedisStorage"] and int(out[1]) >= 1


def test_old_runs_and_old_events_are_pruned(make_user, settings):
    from datetime import timedelta

    from django.utils import timezone

    from unicon.notifications.models import Event, Notification

    old = timezone.now() - timedelta(days=200)
    JobRun.objects.create(name="prune-notifications", slot=old, started_at=old)
    event = Event.objects.create(type="shipment.delivered", object_type="shipment")
    Event.objects.filter(pk=event.pk).update(created_at=old)
    Notification.objects.create(event=event, user=make_user(), type=event.type)
    recent = Event.objects.create(type="shipment.delivered", object_type="shipment")
    assert "2 row(s) deleted" in _jobs("run", "prune-notifications")
    assert list(Event.objects.all()) == [recent]
    assert JobRun.objects.filter(name="prune-notifications").count() == 1  # the new run only


def test_expired_idempotency_answers_are_purged():
    from datetime import timedelta

    from django.utils import timezone

    from unicon.core.models import IdempotencyRecord

    fresh = IdempotencyRecord.objects.create(principal="a" * 64, key="k1", fingerprint="f")
    old = IdempotencyRecord.objects.create(principal="a" * 64, key="k2", fingerprint="f")
    IdempotencyRecord.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    assert "1 row(s) deleted" in _jobs("run", "purge-idempotency-keys")
    assert list(IdempotencyRecord.objects.values_list("pk", flat=True)) == [fresh.pk]
