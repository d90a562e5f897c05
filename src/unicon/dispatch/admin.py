from django.contrib import admin

from unicon.core.admin import ReadOnlyAdmin
from unicon.dispatch.models import DriverTask


@admin.register(DriverTask)
class DriverTaskAdmin(ReadOnlyAdmin):
    """Read-only: assignments change only through the dispatch services (rules, events)."""

    list_display = [
        "shipment",
        "driver",
        "tractor",
        "trailer",
        "sequence",
        "status",
        "planned_start",
        "planned_end",
        "closed_at",
    ]
    list_filter = ["status"]
    list_select_related = ["shipment", "driver__user", "tractor", "trailer"]
    search_fields = ["shipment__number", "driver__user__full_name", "tractor__plate"]
    date_hierarchy = "planned_start"
    ordering = ["-planned_start", "-id"]
