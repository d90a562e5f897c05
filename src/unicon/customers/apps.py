from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "unicon.customers"
    label = "customers"
    verbose_name = _("Customers")

    def ready(self) -> None:
        from unicon.core import audit
        from unicon.customers.models import Customer, Location

        audit.track(Customer)
        audit.track(Location)
