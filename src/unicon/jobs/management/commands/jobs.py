"""`unicon jobs`: periodic jobs with their schedule, last run and result; `run NAME` runs one."""

from datetime import UTC

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from unicon.jobs.models import JobRun, TaskFailure
from unicon.jobs.queue import JOBS, huey, run_job


class Command(BaseCommand):
    help = (
        "List the periodic jobs (schedule in UTC, last run, result), the queue depth and task "
        "failures; `unicon jobs run NAME` runs one job now (recorded like a scheduled run)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", nargs="?", choices=["list", "run"], default="list")
        parser.add_argument("name", nargs="?", help="the job to run")

    def handle(self, *args, action: str, name: str | None, **options) -> None:
        if action == "run":
            self._run(name)
            return
        self._list()

    def _run(self, name: str | None) -> None:
        if name not in JOBS:
            raise CommandError(f"Unknown job {name!r}; known: {', '.join(sorted(JOBS))}")
        try:
            run = run_job(name)
        except Exception as exc:
            raise CommandError(f"{name} failed: {type(exc).__name__}: {exc}") from exc
        self.stdout.write(f"{name}: {run.result} {run.message}".rstrip())

    def _list(self) -> None:
        rows = [("JOB", "SCHEDULE (UTC)", "LAST RUN (UTC)", "RESULT", "DESCRIPTION / MESSAGE")]
        for job in sorted(JOBS.values(), key=lambda j: j.name):
            last = JobRun.objects.filter(name=job.name).order_by("-started_at").first()
            when = timezone.localtime(last.started_at, UTC) if last else None
            rows.append(
                (
                    job.name,
                    job.schedule,
                    f"{when:%Y-%m-%d %H:%M}" if when else "never",
                    last.result if last else "-",
                    f"{job.description}" + (f" — {last.message}" if last and last.message else ""),
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        for row in rows:
            cells = [c.ljust(w) for c, w in zip(row[:4], widths, strict=True)]
            self.stdout.write("  ".join([*cells, row[4]]))
        self.stdout.write("")
        self.stdout.write(
            f"Queue: {huey.pending_count()} pending, {huey.scheduled_count()} scheduled "
            f"({type(huey.storage).__name__})."
        )
        for failure in TaskFailure.objects.order_by("name"):
            self.stdout.write(
                f"Failures: {failure.name}: {failure.failures} (retries {failure.retries}); "
                f"last: {failure.last_error}"
            )
