from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShipmentsConfig(AppConfig):
    name = "unicon.shipments"
    label = "shipments"
    verbose_name = _("Shipments")

    def ready(self) -> None:
        from unicon.core import audit
        from unicon.shipments import models

        audit.track(models.Shipment)
        audit.track(models.Stop)
        audit.track(models.StopTemplate)
        audit.track(models.StopTemplateStop)
        audit.track(models.CustomerStopTemplateOverride)
