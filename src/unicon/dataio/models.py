"""What the data tools keep: each import run (its uploaded file in storage until it is
committed or purged, its report, the state of its background job), the natural key of every
row an import created (so that a re-run finds it again), and each background export (its
file in storage)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from unicon.core.models import PublicIdModel, TimeStampedModel


class RunStatus(models.TextChoices):
    PENDING = "PENDING", _("Not read yet")
    PREVIEWED = "PREVIEWED", _("Previewed (nothing written)")
    COMMITTED = "COMMITTED", _("Imported")
    FAILED = "FAILED", _("Refused (nothing written)")


class JobState(models.TextChoices):
    """Where a background job (an import's dry run or commit, an export) is."""

    QUEUED = "QUEUED", _("Waiting")
    RUNNING = "RUNNING", _("Running")
    DONE = "DONE", _("Done")
    FAILED = "FAILED", _("Failed")


class RunAction(models.TextChoices):
    PREVIEW = "PREVIEW", _("Dry run")
    COMMIT = "COMMIT", _("Import")


class ImportRun(PublicIdModel, TimeStampedModel):
    """One upload of a workbook: a dry run (PREVIEWED) that may later be committed.

    `status` is the outcome of the last finished step; `state`, `action` and
    `rows_done`/`rows_total` follow the background job doing the current step (the page and
    the API poll them). `file_key` names the uploaded file in the file storage
    (`pods.storage`: local folder or S3, under `imports/<yyyy>/<mm>/`); it is deleted once
    the run is committed or purged (the key is then blank).
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file_key = models.CharField(_("workbook file"), max_length=300, blank=True)
    sheets = models.JSONField(_("sheets"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices)
    report = models.JSONField(_("report"), default=dict, blank=True)
    state = models.CharField(
        _("job state"), max_length=8, choices=JobState.choices, default=JobState.DONE
    )
    action = models.CharField(
        _("job"), max_length=8, choices=RunAction.choices, default=RunAction.PREVIEW
    )
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in all"), default=0)
    error = models.TextField(_("job error"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    file_purged_at = models.DateTimeField(_("file purged at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("workbook import")
        verbose_name_plural = _("workbook imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


class RecordKind(models.TextChoices):
    CUSTOMER = "CUSTOMER", _("Customer")
    LOCATION = "LOCATION", _("Location")
    DRIVER = "DRIVER", _("Driver")
    VEHICLE = "VEHICLE", _("Vehicle")
    ORDER = "ORDER", _("Historical order")
    FUEL = "FUEL", _("Fuel log")
    REPAIR = "REPAIR", _("Repair log")
    TARIFF = "TARIFF", _("Freight rate")


class ImportedRecord(models.Model):
    """A row created by an import, under its natural key (folded text, e.g. an order code).

    `notes` keeps what the sheet said that has no field of its own (a payment term written
    as free text, a route description); `needs_review` marks rows the import had to invent
    (a place named in an order but missing from the locations sheet).
    """

    kind = models.CharField(_("kind"), max_length=10, choices=RecordKind.choices)
    key = models.CharField(_("natural key"), max_length=255)
    object_id = models.PositiveBigIntegerField(_("row id"))
    run = models.ForeignKey(
        ImportRun, verbose_name=_("import"), on_delete=models.PROTECT, related_name="records"
    )
    notes = models.TextField(_("notes"), blank=True)
    needs_review = models.BooleanField(_("needs review"), default=False)

    class Meta:
        verbose_name = _("imported row")
        verbose_name_plural = _("imported rows")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="dataio_record_natural_key")
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="dataio_record_object")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", "XLSX"
    CSV = "csv", "CSV"


class ExportJob(PublicIdModel, TimeStampedModel):
    """A list export run on the job queue: the list API `path` and its `query` (the filters),
    read as `owner` would read it, written to `file_key` in storage for the owner to download.
    `rows_done` grows while it runs, out of `rows_total` (the list's size when the job starts:
    exact, or the database's estimate on a very long list; None when unknown); the file is
    deleted by the purge job after some days."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    path = models.CharField(_("list"), max_length=200)
    query = models.TextField(_("filters"), blank=True)
    format = models.CharField(_("format"), max_length=4, choices=ExportFormat.choices)
    language = models.CharField(_("language"), max_length=8, default="vi")
    title = models.CharField(_("title"), max_length=100, blank=True)
    state = models.CharField(
        _("state"), max_length=8, choices=JobState.choices, default=JobState.QUEUED
    )
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in all"), null=True, blank=True)
    file_key = models.CharField(_("file"), max_length=300, blank=True)
    file_name = models.CharField(_("file name"), max_length=150, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("list export")
        verbose_name_plural = _("list exports")
        indexes = [models.Index(fields=["owner", "-created_at"], name="dataio_export_owner")]

    def __str__(self) -> str:
        return f"{self.path} {self.format} ({self.state})"
