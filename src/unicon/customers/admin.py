from django.contrib import admin

from unicon.customers.models import Customer


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "status", "payment_term", "payment_term_unit"]
    list_filter = ["status", "payment_term_unit"]
    search_fields = ["code", "name", "tax_code"]
