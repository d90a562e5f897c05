"""Receivables (công nợ), payments with proof files, allocations and their reversals.

Every issued invoice is a receivable; opening balances from before go-live are manual ones.
A payment is allocated to receivables; what is not allocated is the customer's credit. Nothing
is deleted: a mistaken payment is reversed by negative allocation rows that point at the
allocations they cancel, and the payment keeps its reason and time of reversal.
Integer VND everywhere: Σ posted payments = Σ allocations + credit.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from unicon.billing.models import Invoice
from unicon.core.models import PublicIdModel, TimeStampedModel
from unicon.customers.models import Customer


class ReceivableStatus(models.TextChoices):
    OPEN = "OPEN", _("Unpaid")
    PARTIALLY_PAID = "PARTIALLY_PAID", _("Partially paid")
    PAID = "PAID", _("Paid")
    OVERDUE = "OVERDUE", _("Overdue")
    CANCELLED = "CANCELLED", _("Cancelled")


class Receivable(PublicIdModel, TimeStampedModel):
    """What a customer owes: an issued invoice, or an opening balance entered by hand."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="receivables"
    )
    invoice = models.OneToOneField(
        Invoice,
        verbose_name=_("invoice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="receivable",
    )
    reference = models.CharField(_("reference document"), max_length=100)
    month = models.CharField(_("month (YYYY-MM)"), max_length=7)
    issued_on = models.DateField(_("recognised on"))
    due_date = models.DateField(_("due date"))
    amount = models.BigIntegerField(_("amount (VND)"))
    paid_amount = models.BigIntegerField(_("paid (VND)"), default=0)
    status = models.CharField(
        _("status"), max_length=14, choices=ReceivableStatus.choices, default=ReceivableStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("receivable")
        verbose_name_plural = _("receivables")
        indexes = [
            models.Index(fields=["customer", "due_date", "id"], name="recv_customer_due"),
            models.Index(fields=["status", "due_date", "id"], name="recv_status_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="receivable_amount_gt_0"),
            models.CheckConstraint(
                condition=Q(paid_amount__gte=0) & Q(paid_amount__lte=models.F("amount")),
                name="receivable_paid_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def customer_name(self) -> str:
        return self.customer.name

    @property
    def outstanding(self) -> int:
        return self.amount - self.paid_amount


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "BANK_TRANSFER", _("Bank transfer")
    CASH = "CASH", _("Cash")
    OFFSET = "OFFSET", _("Offset (bù trừ)")


class Payment(PublicIdModel, TimeStampedModel):
    """Money received from a customer; `allocated` is kept in step with its allocations."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="payments"
    )
    paid_on = models.DateField(_("payment date"))
    amount = models.BigIntegerField(_("amount (VND)"))
    allocated = models.BigIntegerField(_("allocated (VND)"), default=0)
    method = models.CharField(_("method"), max_length=14, choices=PaymentMethod.choices)
    bank_reference = models.CharField(_("bank reference (UNC)"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    reversed_at = models.DateTimeField(_("reversed at"), null=True, blank=True)
    reversal_reason = models.TextField(_("reversal reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-paid_on", "-id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [models.Index(fields=["customer", "paid_on", "id"], name="pay_customer_date")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_gt_0"),
            models.CheckConstraint(
                condition=Q(allocated__gte=0) & Q(allocated__lte=models.F("amount")),
                name="payment_allocated_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.paid_on} {self.amount}"

    @property
    def customer_name(self) -> str:
        return self.customer.name

    @property
    def proof_count(self) -> int:
        return len(self.proofs.all())

    @property
    def credit(self) -> int:
        """What is left to allocate (the customer's credit); 0 once reversed."""
        return 0 if self.reversed_at else self.amount - self.allocated


class PaymentProof(models.Model):
    """A proof file (UNC scan, receipt) of a payment: image or PDF, POD content checks."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="proofs")
    storage_key = models.CharField(max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment proof")
        verbose_name_plural = _("payment proofs")

    def __str__(self) -> str:
        return self.original_name


class Allocation(models.Model):
    """Part of a payment applied to a receivable. A reversal is a negative row that `reverses`
    the original one (each original at most once)."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="allocations")
    receivable = models.ForeignKey(Receivable, on_delete=models.PROTECT, related_name="allocations")
    amount = models.BigIntegerField(_("amount (VND)"))
    effective_on = models.DateField(_("effective on"))
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversal"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        indexes = [
            models.Index(fields=["receivable", "effective_on"], name="alloc_recv_date"),
            models.Index(fields=["effective_on"], name="alloc_date"),  # aging "as of" a day
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(reverses__isnull=True) & Q(amount__gt=0))
                | (Q(reverses__isnull=False) & Q(amount__lt=0)),
                name="allocation_sign",
            )
        ]

    def __str__(self) -> str:
        return f"{self.payment_id}→{self.receivable_id} {self.amount}"


class ReminderSettings(TimeStampedModel):
    """A customer's payment reminders: on/off, how many days before the due date, and the
    billing contacts' e-mails (one per line; empty → the customer's own e-mail)."""

    customer = models.OneToOneField(
        Customer, on_delete=models.CASCADE, related_name="reminder_settings"
    )
    enabled = models.BooleanField(_("send reminders"), default=True)
    days_before = models.PositiveSmallIntegerField(_("days before the due date"), default=3)
    emails = models.TextField(_("billing contacts' e-mails"), blank=True)

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(days_before__lte=60), name="reminder_days_before_lte_60"
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.days_before}"

    @property
    def contacts(self) -> list[str]:
        return [
            line.strip() for line in self.emails.replace(",", "\n").splitlines() if line.strip()
        ]
