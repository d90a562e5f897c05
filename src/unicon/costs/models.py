"""Fleet costs: fuel logs, repair logs, purchase invoices and their files (DOMAIN.md §2.14–2.15).

Money is integer VND (đồng); litres have three decimals (as pumps print them); odometers are
whole kilometres.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from unicon.core.models import PublicIdModel, TimeStampedModel


class ReviewStatus(models.TextChoices):
    """Fuel and repair logs (DOMAIN.md §3.10): PENDING → CONFIRMED | REJECTED (with reason);
    a rejected log may be corrected and confirmed later."""

    PENDING = "PENDING", _("Waiting for review")
    CONFIRMED = "CONFIRMED", _("Confirmed")
    REJECTED = "REJECTED", _("Rejected")


class InvoiceStatus(models.TextChoices):
    """Purchase invoices (DOMAIN.md §3.9): PROCESSING while OCR runs, then PENDING."""

    PROCESSING = "PROCESSING", _("Being read")
    PENDING = "PENDING", _("Waiting for review")
    CONFIRMED = "CONFIRMED", _("Confirmed")
    REJECTED = "REJECTED", _("Rejected")


class InvoiceSource(models.TextChoices):
    EINVOICE = "EINVOICE", _("E-invoice XML")
    SCAN = "SCAN", _("Paper or photo (OCR)")


class OcrStatus(models.TextChoices):
    NONE = "NONE", _("Not needed")
    QUEUED = "QUEUED", _("Queued")
    DONE = "DONE", _("Read")
    FAILED = "FAILED", _("Could not be read")
    UNAVAILABLE = "UNAVAILABLE", _("OCR engine not installed")


class FileKind(models.TextChoices):
    RECEIPT = "RECEIPT", _("Receipt")
    PUMP = "PUMP", _("Pump display")
    ODOMETER = "ODOMETER", _("Odometer")
    INVOICE = "INVOICE", _("Invoice")
    XML = "XML", _("E-invoice XML")
    OTHER = "OTHER", _("Other")


class ReviewStamps(PublicIdModel, TimeStampedModel):
    """Who entered a cost record, who reviewed it, when, and why it was rejected."""

    rejection_reason = models.CharField(_("reason for rejection"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True


class Reviewed(ReviewStamps):
    """What fuel and repair logs share: the vehicle, who entered it, and the review."""

    vehicle = models.ForeignKey(
        "fleet.Vehicle", verbose_name=_("vehicle"), on_delete=models.PROTECT, related_name="+"
    )
    driver = models.ForeignKey(
        "fleet.Driver",
        verbose_name=_("driver"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    odometer_km = models.PositiveIntegerField(_("odometer (km)"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )

    class Meta:
        abstract = True


class FuelLog(Reviewed):
    filled_at = models.DateTimeField(_("filled at"))
    litres = models.DecimalField(
        _("litres"), max_digits=9, decimal_places=3, validators=[MinValueValidator(0.001)]
    )
    unit_price = models.PositiveIntegerField(_("unit price (VND/litre)"))
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    station = models.CharField(_("station"), max_length=255, blank=True)
    # Derived from the previous non-rejected fill of the same vehicle (services.recompute).
    distance_km = models.IntegerField(_("km since previous fill"), null=True, blank=True)
    consumption = models.DecimalField(
        _("L/100 km"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    usual_consumption = models.DecimalField(
        _("usual L/100 km"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    odometer_backwards = models.BooleanField(_("odometer went backwards"), default=False)
    consumption_abnormal = models.BooleanField(_("abnormal consumption"), default=False)

    class Meta:
        ordering = ["-filled_at", "-id"]
        verbose_name = _("fuel log")
        verbose_name_plural = _("fuel logs")
        indexes = [
            models.Index(fields=["vehicle", "filled_at"]),
            models.Index(fields=["status", "filled_at"]),
            models.Index(fields=["filled_at", "id"]),
        ]

    def __str__(self) -> str:
        return f"{self.vehicle} {self.filled_at:%Y-%m-%d} {self.litres} L"


class RepairLog(Reviewed):
    repaired_on = models.DateField(_("date"))
    garage = models.CharField(_("garage"), max_length=255, blank=True)
    total = models.PositiveBigIntegerField(_("total (VND)"), default=0)
    next_service_on = models.DateField(_("next service due on"), null=True, blank=True)
    next_service_km = models.PositiveIntegerField(
        _("next service due at (km)"), null=True, blank=True
    )

    class Meta:
        ordering = ["-repaired_on", "-id"]
        verbose_name = _("repair log")
        verbose_name_plural = _("repair logs")
        indexes = [
            models.Index(fields=["vehicle", "repaired_on"]),
            models.Index(fields=["status", "repaired_on"]),
            models.Index(fields=["repaired_on", "id"]),
        ]

    def __str__(self) -> str:
        return f"{self.vehicle} {self.repaired_on:%Y-%m-%d} {self.garage}"


class LineKind(models.TextChoices):
    PART = "PART", _("Part")
    LABOUR = "LABOUR", _("Labour")


class RepairLine(models.Model):
    repair = models.ForeignKey(RepairLog, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(_("kind"), max_length=6, choices=LineKind.choices)
    description = models.CharField(_("description"), max_length=255)
    quantity = models.DecimalField(
        _("quantity"), max_digits=9, decimal_places=3, validators=[MinValueValidator(0.001)]
    )
    unit_price = models.PositiveBigIntegerField(_("unit price (VND)"))
    amount = models.PositiveBigIntegerField(_("amount (VND)"))

    class Meta:
        ordering = ["repair", "position"]
        verbose_name = _("repair line")
        verbose_name_plural = _("repair lines")

    def __str__(self) -> str:
        return self.description


class PurchaseInvoice(ReviewStamps):
    """An invoice the company received (hóa đơn đầu vào). `series` is the full symbol, e.g.
    "1C26TAA" (form number + ký hiệu); `number` the invoice number (số hóa đơn)."""

    source = models.CharField(_("source"), max_length=8, choices=InvoiceSource.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=InvoiceStatus.choices, default=InvoiceStatus.PENDING
    )
    ocr_status = models.CharField(
        _("OCR"), max_length=11, choices=OcrStatus.choices, default=OcrStatus.NONE
    )
    ocr_message = models.CharField(_("OCR message"), max_length=500, blank=True)
    # {field: {"value": str, "confidence": 0..1}} as read by OCR (values typed by a person win)
    ocr_fields = models.JSONField(_("OCR result"), default=dict, blank=True)
    typed_fields = models.JSONField(_("fields typed by a person"), default=list, blank=True)
    # [{"code": str, "message": str}] — arithmetic or buyer problems found on import or edit
    issues = models.JSONField(_("issues"), default=list, blank=True)
    legal_entity = models.ForeignKey(
        "fleet.LegalEntity",
        verbose_name=_("buyer (our company)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    series = models.CharField(_("series"), max_length=20, blank=True)
    number = models.CharField(_("number"), max_length=20, blank=True)
    issue_date = models.DateField(_("invoice date"), null=True, blank=True)
    seller_name = models.CharField(_("seller"), max_length=400, blank=True)
    seller_tax_code = models.CharField(_("seller tax code"), max_length=14, blank=True)
    seller_address = models.CharField(_("seller address"), max_length=500, blank=True)
    buyer_name = models.CharField(_("buyer"), max_length=400, blank=True)
    buyer_tax_code = models.CharField(_("buyer tax code"), max_length=14, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="VND")
    subtotal = models.BigIntegerField(_("subtotal (VND)"), null=True, blank=True)
    vat_rate = models.CharField(_("VAT rate"), max_length=10, blank=True)
    vat_amount = models.BigIntegerField(_("VAT (VND)"), null=True, blank=True)
    total = models.BigIntegerField(_("total (VND)"), null=True, blank=True)
    total_in_words = models.CharField(_("total in words"), max_length=500, blank=True)
    plate = models.CharField(_("plate on the invoice"), max_length=16, blank=True)
    vehicle = models.ForeignKey(
        "fleet.Vehicle",
        verbose_name=_("vehicle (cost assigned to)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    shipment = models.ForeignKey(
        "shipments.Shipment",
        verbose_name=_("shipment (cost assigned to)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.CharField(_("description"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("purchase invoice")
        verbose_name_plural = _("purchase invoices")
        indexes = [
            models.Index(fields=["status", "issue_date"]),
            models.Index(fields=["vehicle", "issue_date"]),
            models.Index(fields=["created_at", "id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["seller_tax_code", "series", "number"],
                condition=~Q(number=""),
                name="purchase_invoice_unique_number",
            )
        ]

    def __str__(self) -> str:
        label = f"{self.series}-{self.number}" if self.number else _("(unread)")
        return f"{self.seller_name or self.seller_tax_code} {label}".strip()


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(PurchaseInvoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=1)
    description = models.CharField(_("description"), max_length=500)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    quantity = models.DecimalField(
        _("quantity"), max_digits=15, decimal_places=4, null=True, blank=True
    )
    unit_price = models.DecimalField(
        _("unit price"), max_digits=17, decimal_places=4, null=True, blank=True
    )
    amount = models.BigIntegerField(_("amount before VAT (VND)"))
    vat_rate = models.CharField(_("VAT rate"), max_length=10, blank=True)

    class Meta:
        ordering = ["invoice", "position"]
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")

    def __str__(self) -> str:
        return self.description


class CostFile(PublicIdModel):
    """A stored file (receipt photo, invoice scan, e-invoice XML) of exactly one cost record."""

    fuel_log = models.ForeignKey(
        FuelLog, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    repair_log = models.ForeignKey(
        RepairLog, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    invoice = models.ForeignKey(
        PurchaseInvoice, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=FileKind.choices)
    storage_key = models.CharField(max_length=300)
    thumbnail_key = models.CharField(max_length=300, blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("cost file")
        verbose_name_plural = _("cost files")
        constraints = [
            models.CheckConstraint(
                name="cost_file_one_owner",
                condition=(
                    Q(fuel_log__isnull=False, repair_log__isnull=True, invoice__isnull=True)
                    | Q(fuel_log__isnull=True, repair_log__isnull=False, invoice__isnull=True)
                    | Q(fuel_log__isnull=True, repair_log__isnull=True, invoice__isnull=False)
                ),
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def url(self) -> str:
        """Where the API serves the file (after the same visibility check as its record)."""
        return f"/api/cost-files/{self.public_id}"
