from django.contrib import admin

from unicon.customers.models import Customer, Location


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "status", "payment_term", "payment_term_unit"]
    list_filter = ["status", "payment_term_unit"]
    search_fields = ["code", "name", "tax_code"]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    """Shared locations have no customer; a customer's own ones name it."""

    list_display = ["name", "kind", "customer", "province", "latitude", "longitude", "is_active"]
    list_filter = ["kind", "is_active", ("customer", admin.EmptyFieldListFilter)]
    list_select_related = ["customer"]
    search_fields = ["name", "address", "customer__code", "customer__name"]
    autocomplete_fields = ["customer"]
