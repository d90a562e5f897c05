"""POD files (driver photos and proof of delivery) and shipment documents.

The bytes live in Django's default storage (a local folder or a private S3 bucket) under a
key generated on the server; rows hold what was checked at upload time (detected type,
size, SHA-256, EXIF capture time and GPS) and the archive lifecycle of old POD files.
Rules live in `unicon.pods.services` and `unicon.pods.lifecycle`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unicon.core.models import PublicIdModel
from unicon.shipments.models import PhotoType


class StoredFile(models.Model):
    """What every stored upload records (abstract)."""

    storage_key = models.CharField(_("storage key"), max_length=255, unique=True)
    original_name = models.CharField(_("original name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    thumbnail_key = models.CharField(_("thumbnail key"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        abstract = True

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"

    @classmethod
    def key_fields(cls) -> list[str]:
        """Every column holding a storage key (the file, its thumbnail, any rendition)."""
        return [
            f.attname
            for f in cls._meta.concrete_fields
            if isinstance(f, models.CharField) and f.name.endswith("_key")
        ]


class PodFile(PublicIdModel, StoredFile):
    """A photo or proof-of-delivery file of a shipment, optionally of one stop."""

    shipment = models.ForeignKey(
        "shipments.Shipment",
        verbose_name=_("shipment"),
        on_delete=models.PROTECT,
        related_name="pod_files",
    )
    stop = models.ForeignKey(
        "shipments.Stop",
        verbose_name=_("stop"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pod_files",
    )
    photo_type = models.CharField(
        _("photo type"), max_length=24, choices=PhotoType.choices, default=PhotoType.OTHER
    )
    note = models.TextField(_("note"), blank=True)
    captured_at = models.DateTimeField(_("captured at (EXIF)"), null=True, blank=True)
    # when the driver sent it, if earlier than `uploaded_at` (offline; unicon.core.clock)
    occurred_at = models.DateTimeField(_("sent by the phone at"), null=True, blank=True)
    latitude = models.DecimalField(
        _("latitude (EXIF)"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude (EXIF)"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    correction_reason = models.TextField(_("correction reason"), blank=True)
    # the bytes as received, before the server shrank a photo (unicon.pods.renditions):
    # evidence of what the phone sent, and the key of a retried upload
    received_sha256 = models.CharField(_("SHA-256 as received"), max_length=64, blank=True)
    received_size = models.PositiveBigIntegerField(_("size as received"), null=True, blank=True)
    # a full-size JPEG of a HEIC photo, which browsers cannot show
    rendition_key = models.CharField(_("JPEG rendition key"), max_length=255, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    archive_url = models.CharField(_("archive location"), max_length=1000, blank=True)
    archive_sha256 = models.CharField(_("archive SHA-256"), max_length=64, blank=True)
    deleted_from_primary_at = models.DateTimeField(
        _("removed from primary storage at"), null=True, blank=True
    )
    # Set by `restore-pod`: the file stays in primary storage for another retention period
    # counted from this moment (see `unicon.pods.lifecycle.deletable`).
    restored_at = models.DateTimeField(_("restored at"), null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("POD file")
        verbose_name_plural = _("POD files")
        indexes = [
            models.Index(fields=["shipment", "uploaded_at", "id"], name="pod_shipment_time"),
            models.Index(fields=["stop", "photo_type"], name="pod_stop_type"),
            models.Index(fields=["uploaded_at", "id"], name="pod_uploaded"),
        ]

    def __str__(self) -> str:
        return self.storage_key

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def in_primary_storage(self) -> bool:
        return self.deleted_from_primary_at is None


class DocumentType(models.TextChoices):
    BOOKING = "BOOKING", _("Booking")
    BILL_OF_LADING = "BILL_OF_LADING", _("Bill of lading")
    CUSTOMS = "CUSTOMS", _("Customs declaration")
    DELIVERY_ORDER = "DELIVERY_ORDER", _("Delivery order")
    PACKING_LIST = "PACKING_LIST", _("Packing list")
    COMMERCIAL_INVOICE = "COMMERCIAL_INVOICE", _("Commercial invoice")
    OTHER = "OTHER", _("Other")


class ShipmentDocument(PublicIdModel, StoredFile):
    """A scanned business paper of a shipment; verified ones can no longer be deleted."""

    shipment = models.ForeignKey(
        "shipments.Shipment",
        verbose_name=_("shipment"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    document_type = models.CharField(
        _("document type"), max_length=20, choices=DocumentType.choices
    )
    notes = models.TextField(_("notes"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("shipment document")
        verbose_name_plural = _("shipment documents")
        indexes = [
            models.Index(fields=["shipment", "uploaded_at", "id"], name="doc_shipment_time"),
            models.Index(fields=["shipment", "document_type"], name="doc_shipment_type"),
        ]

    def __str__(self) -> str:
        return self.storage_key

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None
