from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CostsConfig(AppConfig):
    name = "unicon.costs"
    label = "costs"
    verbose_name = _("Fleet costs")

    def ready(self) -> None:
        from unicon.core import audit
        from unicon.costs import models

        for model in (models.FuelLog, models.RepairLog, models.PurchaseInvoice):
            audit.track(model)
