"""Driver tasks: one shipment driven by one driver with a tractor and an optional trailer.

A shipment has at most one *active* task (PENDING or IN_PROGRESS) — enforced by a partial
unique index, so two dispatchers assigning the same shipment at once cannot both win.
Re-assignment, unassignment and cancellation close the active task (CANCELLED, with the
reason) and keep it as history.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from unicon.core.models import PublicIdModel, TimeStampedModel


class TaskStatus(models.TextChoices):
    PENDING = "PENDING", _("Waiting")
    IN_PROGRESS = "IN_PROGRESS", _("In progress")
    COMPLETED = "COMPLETED", _("Completed")
    SKIPPED = "SKIPPED", _("Skipped")
    HANDED_OVER = "HANDED_OVER", _("Handed over")
    CANCELLED = "CANCELLED", _("Cancelled")


ACTIVE_STATUSES = (TaskStatus.PENDING, TaskStatus.IN_PROGRESS)
#: The most characters of a task's instructions for the driver (the API, the pages, the model).
MAX_INSTRUCTIONS = 2000


class DriverTaskQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def overlapping(self, start, end):
        """Tasks that occupy their crew during some of [start, end): the planned window
        [planned_start, planned_end], or — for a trip that is running (IN_PROGRESS) — from
        its start until its last check-out, however far it overruns its planned end."""
        running = models.Q(status=TaskStatus.IN_PROGRESS) & (
            models.Q(started_at__lt=end) | models.Q(planned_start__lt=end)
        )
        return self.filter(running | models.Q(planned_start__lt=end, planned_end__gt=start))


class DriverTask(PublicIdModel, TimeStampedModel):
    shipment = models.ForeignKey(
        "shipments.Shipment",
        verbose_name=_("shipment"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    driver = models.ForeignKey(
        "fleet.Driver", verbose_name=_("driver"), on_delete=models.PROTECT, related_name="tasks"
    )
    tractor = models.ForeignKey(
        "fleet.Vehicle",
        verbose_name=_("tractor"),
        on_delete=models.PROTECT,
        related_name="tractor_tasks",
    )
    trailer = models.ForeignKey(
        "fleet.Vehicle",
        verbose_name=_("trailer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trailer_tasks",
    )
    sequence = models.PositiveIntegerField(_("order in the driver's day"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.PENDING
    )
    planned_start = models.DateTimeField(_("planned start"))
    planned_end = models.DateTimeField(_("planned end"))
    instructions = models.TextField(
        _("instructions"),
        blank=True,
        max_length=MAX_INSTRUCTIONS,
        validators=[MaxLengthValidator(MAX_INSTRUCTIONS)],
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_reason = models.CharField(_("close reason"), max_length=255, blank=True)

    objects = DriverTaskQuerySet.as_manager()

    class Meta:
        ordering = ["driver", "sequence", "id"]
        verbose_name = _("driver task")
        verbose_name_plural = _("driver tasks")
        constraints = [
            models.UniqueConstraint(
                fields=["shipment"],
                condition=models.Q(status__in=[s.value for s in ACTIVE_STATUSES]),
                name="dispatch_one_active_task_per_shipment",
            ),
            models.CheckConstraint(
                condition=models.Q(planned_end__gte=models.F("planned_start")),
                name="dispatch_task_window_ordered",
            ),
        ]
        indexes = [
            models.Index(
                fields=["driver", "status", "planned_start"], name="dispatch_task_driver_idx"
            ),
            models.Index(
                fields=["tractor", "status", "planned_start"], name="dispatch_task_tractor_idx"
            ),
            models.Index(
                fields=["trailer", "status", "planned_start"], name="dispatch_task_trailer_idx"
            ),
            models.Index(fields=["planned_start", "id"], name="dispatch_task_start_idx"),
            # "tasks of a day" (planned_start < day end AND planned_end > day start): the end
            # bound is the selective one once years of history pile up before the day
            models.Index(fields=["planned_end"], name="dispatch_task_end_idx"),
            models.Index(fields=["driver", "planned_end"], name="dispatch_task_driver_end_idx"),
            # the board's trips of a page of tractors: without it PostgreSQL read every task
            # ending after the day's start (all tractors) and chose a parallel plan (11 ms at
            # 1 M shipments, 1.5 ms with it)
            models.Index(fields=["tractor", "planned_end"], name="dispatch_task_tractor_end_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.shipment_id}#{self.sequence} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES
