from django.contrib import admin

from unicon.core.roles import Role
from unicon.fleet.models import Driver, LegalEntity, Vehicle, normalise_plate


@admin.register(LegalEntity)
class LegalEntityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "tax_code", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name", "tax_code"]


@admin.register(Vehicle)
class VehicleAdmin(admin.ModelAdmin):
    list_display = [
        "plate",
        "vehicle_type",
        "ownership",
        "owner",
        "rental_company",
        "status",
        "inspection_expiry",
        "insurance_expiry",
        "operation_permit_expiry",
    ]
    list_filter = ["vehicle_type", "status", "ownership", "owner"]
    list_select_related = ["owner"]
    search_fields = ["plate", "brand", "rental_company"]

    def get_search_results(self, request, queryset, search_term):
        """A plate typed as 51C-123.45 finds 51C12345."""
        results, duplicates = super().get_search_results(request, queryset, search_term)
        if normalise_plate(search_term):
            results |= queryset.filter(plate__contains=normalise_plate(search_term))
        return results, duplicates


@admin.register(Driver)
class DriverAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "phone",
        "status",
        "licence_expiry",
        "employer",
        "default_tractor",
        "default_trailer",
    ]
    list_filter = ["status", "employer"]
    list_select_related = ["user", "employer", "default_tractor", "default_trailer"]
    search_fields = ["user__full_name", "user__email", "phone", "licence_number"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = db_field.related_model.objects.filter(role=Role.DRIVER)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
