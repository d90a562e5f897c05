"""Django admin (ADMIN only): the charge catalogue and the sellers' invoice data are edited
here; money rows are read-only (they change only through the billing services, which keep
totals, locks, statuses and the audit trail consistent)."""

from django.contrib import admin

from unicon.billing.models import (
    BillingProfile,
    Charge,
    ChargeType,
    Invoice,
    Payment,
    Receivable,
    Statement,
    Tariff,
)
from unicon.core.admin import ReadOnlyAdmin


@admin.register(ChargeType)
class ChargeTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "default_vat", "is_disbursement", "is_active"]
    list_filter = ["is_disbursement", "is_active"]


@admin.register(BillingProfile)
class BillingProfileAdmin(admin.ModelAdmin):
    list_display = ["legal_entity", "invoice_template", "invoice_series", "bank_account"]


@admin.register(Tariff)
class TariffAdmin(ReadOnlyAdmin):
    list_display = ["customer", "shipment_type", "container_type", "price", "valid_from"]
    list_select_related = ["customer"]


@admin.register(Charge)
class ChargeAdmin(ReadOnlyAdmin):
    list_display = ["shipment", "kind", "description", "quantity", "unit_price", "amount"]
    list_select_related = ["shipment"]
    search_fields = ["shipment__number", "description"]


@admin.register(Statement)
class StatementAdmin(ReadOnlyAdmin):
    list_display = ["number", "customer", "period_start", "period_end", "status", "total"]
    list_filter = ["status"]


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ["number", "legal_entity", "customer", "issue_date", "status", "total"]
    list_filter = ["status"]
    search_fields = ["number", "provider_number"]


@admin.register(Receivable)
class ReceivableAdmin(ReadOnlyAdmin):
    list_display = ["reference", "customer", "due_date", "amount", "paid_amount", "status"]
    list_filter = ["status"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["paid_on", "customer", "amount", "allocated", "method", "reversed_at"]
