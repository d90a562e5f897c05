"""What the import keeps: each run (the uploaded file until it is committed, its report) and
the natural key of every row it created, so that a re-run finds it again."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from unicon.core.models import PublicIdModel, TimeStampedModel


class RunStatus(models.TextChoices):
    PREVIEWED = "PREVIEWED", _("Previewed (nothing written)")
    COMMITTED = "COMMITTED", _("Imported")
    FAILED = "FAILED", _("Refused (nothing written)")


class ImportRun(PublicIdModel, TimeStampedModel):
    """One upload of a workbook: a dry run (PREVIEWED) that may later be committed."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content = models.BinaryField(_("workbook"), blank=True)
    sheets = models.JSONField(_("sheets"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices)
    report = models.JSONField(_("report"), default=dict, blank=True)

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
