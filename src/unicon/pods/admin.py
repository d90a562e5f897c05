from django.contrib import admin

from unicon.core.admin import ReadOnlyAdmin
from unicon.pods.models import PodFile, ShipmentDocument


@admin.register(PodFile)
class PodFileAdmin(ReadOnlyAdmin):  # files change only through the POD services
    list_display = [
        "storage_key",
        "shipment",
        "stop",
        "photo_type",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
        "locked_at",
        "archived_at",
        "deleted_from_primary_at",
    ]
    list_filter = ["photo_type", "content_type"]
    list_select_related = ["shipment", "stop", "uploaded_by"]
    search_fields = ["shipment__number", "storage_key", "original_name", "sha256"]
    date_hierarchy = "uploaded_at"
    ordering = ["-uploaded_at", "-id"]


@admin.register(ShipmentDocument)
class ShipmentDocumentAdmin(ReadOnlyAdmin):  # files change only through the POD services
    list_display = [
        "storage_key",
        "shipment",
        "document_type",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
        "verified_at",
    ]
    list_filter = ["document_type", "content_type"]
    list_select_related = ["shipment", "uploaded_by"]
    search_fields = ["shipment__number", "storage_key", "original_name"]
    date_hierarchy = "uploaded_at"
    ordering = ["-uploaded_at", "-id"]
