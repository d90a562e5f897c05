"""Read-only admin lists: cost records change only through the services (checks, review
states, consumption, audit)."""

from django.contrib import admin

from unicon.core.admin import ReadOnlyAdmin
from unicon.costs.models import CostFile, FuelLog, PurchaseInvoice, RepairLog


@admin.register(FuelLog)
class FuelLogAdmin(ReadOnlyAdmin):
    list_display = ["filled_at", "vehicle", "driver", "litres", "amount", "status", "consumption"]
    list_filter = ["status", "odometer_backwards", "consumption_abnormal"]
    list_select_related = ["vehicle", "driver__user"]
    search_fields = ["vehicle__plate", "station"]
    date_hierarchy = "filled_at"


@admin.register(RepairLog)
class RepairLogAdmin(ReadOnlyAdmin):
    list_display = ["repaired_on", "vehicle", "garage", "total", "status"]
    list_filter = ["status"]
    list_select_related = ["vehicle"]
    search_fields = ["vehicle__plate", "garage"]
    date_hierarchy = "repaired_on"


@admin.register(PurchaseInvoice)
class PurchaseInvoiceAdmin(ReadOnlyAdmin):
    list_display = ["issue_date", "series", "number", "seller_name", "total", "status", "source"]
    list_filter = ["status", "source", "ocr_status"]
    list_select_related = ["vehicle"]
    search_fields = ["number", "seller_tax_code", "seller_name"]


@admin.register(CostFile)
class CostFileAdmin(ReadOnlyAdmin):
    list_display = ["storage_key", "kind", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["storage_key", "original_name", "sha256"]
