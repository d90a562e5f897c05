"""Queue depth and task failures for `/metrics` (read at scrape time from the queue's storage
and the database, so the web process reports what the workers did)."""

import logging

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

logger = logging.getLogger("unicon.jobs")


class JobsCollector:
    """`unicon_jobs_queue_depth{state}` and `unicon_jobs_task_failures_total{task}` /
    `unicon_jobs_task_retries_total{task}`; other apps add gauges with `add_gauge`."""

    def __init__(self) -> None:
        self._gauges = []

    def add_gauge(self, name: str, documentation: str, labels: list[str], read) -> None:
        """`read()` returns [(label values, value), …] at each scrape."""
        self._gauges.append((name, documentation, labels, read))

    def describe(self):
        """Names only, so registering does not read the database during start-up."""
        yield GaugeMetricFamily("unicon_jobs_queue_depth", "Tasks waiting in the job queue")
        yield CounterMetricFamily("unicon_jobs_task_failures", "Task runs that raised")
        yield CounterMetricFamily("unicon_jobs_task_retries", "Task runs put back for a retry")

    def collect(self):
        from unicon.jobs.models import TaskFailure
        from unicon.jobs.queue import huey

        depth = GaugeMetricFamily(
            "unicon_jobs_queue_depth", "Tasks waiting in the job queue", labels=["state"]
        )
        failures = CounterMetricFamily(
            "unicon_jobs_task_failures", "Task runs that raised", labels=["task"]
        )
        retries = CounterMetricFamily(
            "unicon_jobs_task_retries", "Task runs put back for a retry", labels=["task"]
        )
        try:
            depth.add_metric(["pending"], huey.pending_count())
            depth.add_metric(["scheduled"], huey.scheduled_count())
            for row in TaskFailure.objects.all():
                failures.add_metric([row.name], row.failures)
                retries.add_metric([row.name], row.retries)
        except Exception:
            logger.exception("Could not read the job queue for /metrics")
        yield from (depth, failures, retries)
        for name, documentation, labels, read in self._gauges:
            gauge = GaugeMetricFamily(name, documentation, labels=labels)
            try:
                for values, value in read():
                    gauge.add_metric(values, value)
            except Exception:
                logger.exception("Could not read %s for /metrics", name)
            yield gauge


collector = JobsCollector()
