"""Tariffs (rate cards), extra-charge catalogue, charges, statements (bảng kê) and VAT invoices.

Money is integer VND (đồng) everywhere: `BigIntegerField`, never a float or a Decimal.
The rules live in `unicon.billing.services`; the database guarantees what it can
(amount = quantity × unit price, a charge on at most one live invoice, unique numbers).
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from unicon.core.models import PublicIdModel, TimeStampedModel
from unicon.customers.models import Customer, Location
from unicon.fleet.models import LegalEntity
from unicon.shipments.models import ContainerType, Shipment


class VatRate(models.TextChoices):
    """VAT rate of an invoice line (Law on VAT 48/2024/QH15 art. 9; 8 % is the temporary
    reduction of Decree 72/2024/ND-CP and its successors). NOT_SUBJECT ("không chịu thuế")
    is for disbursements paid on the customer's behalf (chi hộ), billed at cost."""

    ZERO = "0", _("0 %")
    FIVE = "5", _("5 %")
    EIGHT = "8", _("8 %")
    TEN = "10", _("10 %")
    NOT_SUBJECT = "NS", _("Not subject to VAT")


class ChargeKind(models.TextChoices):
    FREIGHT = "FREIGHT", _("Freight (tariff)")
    EXTRA = "EXTRA", _("Extra charge")
    DISBURSEMENT = "DISBURSEMENT", _("Disbursement (paid on behalf)")


class ChargeType(TimeStampedModel):
    """A catalogue entry of extra charges (lift on/off, storage, detention, tolls, …)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=150)
    default_vat = models.CharField(
        _("default VAT rate"), max_length=2, choices=VatRate.choices, default=VatRate.EIGHT
    )
    is_disbursement = models.BooleanField(_("disbursement (chi hộ)"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("charge type")
        verbose_name_plural = _("charge types")

    def __str__(self) -> str:
        return self.name


class Tariff(PublicIdModel, TimeStampedModel):
    """One price of a rate card. Without a customer it is the company default.

    Empty criteria match anything; the most specific matching line wins (see
    `services.find_tariff`). Prices are copied onto charges, so editing a tariff never
    changes a charge already created.
    """

    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tariffs",
    )
    shipment_type = models.CharField(_("shipment type"), max_length=20, blank=True)
    from_location = models.ForeignKey(
        Location,
        verbose_name=_("from location"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_area = models.CharField(_("from area (province)"), max_length=100, blank=True)
    to_location = models.ForeignKey(
        Location,
        verbose_name=_("to location"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_area = models.CharField(_("to area (province)"), max_length=100, blank=True)
    container_type = models.CharField(
        _("container type"), max_length=16, choices=ContainerType.choices, blank=True
    )
    price = models.BigIntegerField(_("price (VND)"), validators=[MinValueValidator(0)])
    vat_rate = models.CharField(
        _("VAT rate"), max_length=2, choices=VatRate.choices, default=VatRate.EIGHT
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")
        indexes = [models.Index(fields=["customer", "valid_from"], name="tariff_customer_from")]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="tariff_price_gte_0"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="tariff_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shipment_type or '*'} {self.price}"

    @property
    def customer_public_id(self):
        return self.customer.public_id if self.customer_id else None


class BillingProfile(TimeStampedModel):
    """What a legal entity prints on its invoices: e-invoice template and series (ký hiệu,
    Circular 78/2021/TT-BTC art. 4), bank account."""

    legal_entity = models.OneToOneField(
        LegalEntity,
        verbose_name=_("legal entity"),
        on_delete=models.PROTECT,
        related_name="billing_profile",
    )
    invoice_template = models.CharField(_("invoice template number"), max_length=1, default="1")
    invoice_series = models.CharField(_("invoice series (symbol)"), max_length=6)
    bank_account = models.CharField(_("bank account"), max_length=100, blank=True)
    bank_name = models.CharField(_("bank"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("billing profile")
        verbose_name_plural = _("billing profiles")

    def __str__(self) -> str:
        return f"{self.legal_entity_id} {self.invoice_template}{self.invoice_series}"


class StatementStatus(models.TextChoices):
    DRAFT = "DRAFT", _("Draft")
    SENT = "SENT", _("Sent to customer")
    DISPUTED = "DISPUTED", _("Disputed")
    CONFIRMED = "CONFIRMED", _("Confirmed by customer")
    INVOICED = "INVOICED", _("Invoiced")


class Statement(PublicIdModel, TimeStampedModel):
    """A bảng kê: one customer's delivered, unbilled shipments of a period with their charges."""

    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="statements"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status = models.CharField(
        _("status"), max_length=10, choices=StatementStatus.choices, default=StatementStatus.DRAFT
    )
    total = models.BigIntegerField(_("total before VAT (VND)"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-period_end", "-id"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        indexes = [
            models.Index(fields=["customer", "period_end", "id"], name="stmt_customer_end"),
            models.Index(fields=["status", "period_end", "id"], name="stmt_status_end"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="statement_period"
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def customer_name(self) -> str:
        return self.customer.name


class Charge(PublicIdModel, TimeStampedModel):
    """One billable line of a shipment. amount = quantity × unit_price (integer VND)."""

    shipment = models.ForeignKey(
        Shipment, verbose_name=_("shipment"), on_delete=models.PROTECT, related_name="charges"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ChargeKind.choices)
    charge_type = models.ForeignKey(
        ChargeType,
        verbose_name=_("charge type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    tariff = models.ForeignKey(
        Tariff,
        verbose_name=_("tariff"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.CharField(_("description"), max_length=255)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.BigIntegerField(_("unit price (VND)"))
    amount = models.BigIntegerField(_("amount (VND)"))
    vat_rate = models.CharField(_("VAT rate"), max_length=2, choices=VatRate.choices)
    statement = models.ForeignKey(
        Statement,
        verbose_name=_("statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="charges",
    )
    dispute_comment = models.TextField(_("customer's dispute"), blank=True)
    receipt_key = models.CharField(_("receipt file"), max_length=300, blank=True)
    receipt_name = models.CharField(_("receipt name"), max_length=200, blank=True)
    receipt_type = models.CharField(_("receipt content type"), max_length=50, blank=True)
    receipt_sha256 = models.CharField(_("receipt SHA-256"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["shipment", "id"]
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        indexes = [models.Index(fields=["shipment", "id"], name="charge_shipment")]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="charge_quantity_gt_0"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="charge_price_gte_0"),
            models.CheckConstraint(
                condition=Q(amount=F("quantity") * F("unit_price")), name="charge_amount"
            ),
            models.CheckConstraint(
                condition=~Q(kind=ChargeKind.DISBURSEMENT) | Q(vat_rate=VatRate.NOT_SUBJECT),
                name="charge_disbursement_no_vat",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description} {self.amount}"

    @property
    def shipment_number(self) -> str:
        return self.shipment.number

    @property
    def charge_type_code(self) -> str | None:
        return self.charge_type.code if self.charge_type_id else None

    @property
    def has_receipt(self) -> bool:
        return bool(self.receipt_key)


class InvoiceStatus(models.TextChoices):
    DRAFT = "DRAFT", _("Draft")
    ISSUED = "ISSUED", _("Issued")
    PARTIALLY_PAID = "PARTIALLY_PAID", _("Partially paid")
    PAID = "PAID", _("Paid")
    OVERDUE = "OVERDUE", _("Overdue")
    CANCELLED = "CANCELLED", _("Cancelled")


class Invoice(PublicIdModel, TimeStampedModel):
    """A VAT invoice (hóa đơn GTGT, Decree 123/2020/ND-CP art. 10) of one legal entity to one
    customer. Totals are stored when it is built; an issued invoice is never edited."""

    number = models.CharField(_("number"), max_length=20, blank=True, editable=False)
    legal_entity = models.ForeignKey(
        LegalEntity, verbose_name=_("seller"), on_delete=models.PROTECT, related_name="+"
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="invoices"
    )
    statement = models.ForeignKey(
        Statement,
        verbose_name=_("statement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    adjusts = models.ForeignKey(
        "self",
        verbose_name=_("adjusts invoice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adjustments",
    )
    status = models.CharField(
        _("status"), max_length=14, choices=InvoiceStatus.choices, default=InvoiceStatus.DRAFT
    )
    invoice_series = models.CharField(_("series (symbol)"), max_length=8, blank=True)
    provider_number = models.CharField(_("e-invoice provider number"), max_length=30, blank=True)
    issue_date = models.DateField(_("invoice date"), null=True, blank=True)
    buyer_name = models.CharField(_("buyer name"), max_length=255)
    buyer_tax_code = models.CharField(_("buyer tax code"), max_length=14, blank=True)
    buyer_address = models.CharField(_("buyer address"), max_length=500, blank=True)
    subtotal = models.BigIntegerField(_("total before VAT (VND)"), default=0)
    vat_total = models.BigIntegerField(_("VAT (VND)"), default=0)
    total = models.BigIntegerField(_("total (VND)"), default=0)
    amount_in_words = models.CharField(_("amount in words"), max_length=500, blank=True)
    cancel_reason = models.TextField(_("cancellation reason"), blank=True)
    pdf_key = models.CharField(_("PDF file"), max_length=300, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        indexes = [
            models.Index(fields=["customer", "created_at", "id"], name="inv_customer_created"),
            models.Index(fields=["status", "created_at", "id"], name="inv_status_created"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["legal_entity", "number"],
                condition=~Q(number=""),
                name="invoice_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(total=F("subtotal") + F("vat_total")), name="invoice_total"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def customer_name(self) -> str:
        return self.customer.name

    @property
    def seller_name(self) -> str:
        return self.legal_entity.name

    @property
    def adjusts_number(self) -> str | None:
        return self.adjusts.number if self.adjusts_id else None


class InvoiceLine(models.Model):
    """A copy of one charge on an invoice. `live` is False once the invoice is cancelled, so the
    charge can be billed again; the partial unique index keeps it on one live invoice only."""

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.CASCADE, related_name="lines"
    )
    charge = models.ForeignKey(
        Charge, verbose_name=_("charge"), on_delete=models.PROTECT, related_name="invoice_lines"
    )
    live = models.BooleanField(default=True)
    description = models.CharField(_("description"), max_length=255)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.BigIntegerField(_("unit price (VND)"))
    amount = models.BigIntegerField(_("amount (VND)"))
    vat_rate = models.CharField(_("VAT rate"), max_length=2, choices=VatRate.choices)

    class Meta:
        ordering = ["invoice", "id"]
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        constraints = [
            models.UniqueConstraint(
                fields=["charge"], condition=Q(live=True), name="charge_on_one_live_invoice"
            ),
            models.CheckConstraint(
                condition=Q(amount=F("quantity") * F("unit_price")), name="invoice_line_amount"
            ),
        ]

    def __str__(self) -> str:
        return self.description


# Receivables and payments live in their own module; importing them here registers the models.
from unicon.billing.receivable_models import (  # noqa: E402
    Allocation,
    Payment,
    PaymentMethod,
    PaymentProof,
    Receivable,
    ReceivableStatus,
    ReminderSettings,
)

__all__ = [
    "Allocation",
    "BillingProfile",
    "Charge",
    "ChargeKind",
    "ChargeType",
    "Invoice",
    "InvoiceLine",
    "InvoiceStatus",
    "Payment",
    "PaymentMethod",
    "PaymentProof",
    "Receivable",
    "ReceivableStatus",
    "ReminderSettings",
    "Statement",
    "StatementStatus",
    "Tariff",
    "VatRate",
]
