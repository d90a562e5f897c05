"""What the worker records about scheduled jobs and failing tasks (read by `unicon jobs`
and `/metrics`)."""

from django.db import models


class JobRun(models.Model):
    """One run of a periodic job in one schedule slot (the minute it was due).

    The unique (name, slot) pair is the lock that keeps two schedulers (two workers, two
    machines) from running the same job twice: the second one cannot insert the row and skips.
    """

    class Result(models.TextChoices):
        RUNNING = "RUNNING", "running"
        OK = "OK", "ok"
        FAILED = "FAILED", "failed"

    name = models.CharField(max_length=64)
    slot = models.DateTimeField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=8, choices=Result.choices, default=Result.RUNNING)
    message = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "slot"], name="jobrun_one_per_slot"),
        ]
        indexes = [models.Index(fields=["name", "-started_at"], name="jobrun_latest")]

    def __str__(self) -> str:
        return f"{self.name} @ {self.slot:%Y-%m-%d %H:%M} {self.result}"


class TaskFailure(models.Model):
    """Failures per task name, counted by the worker (errors are rare: one UPDATE each)."""

    name = models.CharField(max_length=128, unique=True)
    failures = models.PositiveBigIntegerField(default=0)
    retries = models.PositiveBigIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_failed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.failures} failures"
