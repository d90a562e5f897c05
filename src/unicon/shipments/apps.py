from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShipmentsConfig(AppConfig):
    name = "unicon.shipments"
    label = "shipments"
    verbose_name = _("Shipments")

    def ready(self) -> None:
        from unicon.core import audit, history
        from unicon.shipments import labels, models

        audit.track(models.Shipment)
        audit.track(models.Stop)
        audit.track(models.StopTemplate)
        audit.track(models.StopTemplateStop)
        audit.track(models.CustomerStopTemplateOverride)
        # the audit history names types and stop purposes as the pages do
        history.register_value("shipments.shipment", "shipment_type", labels.type_label)
        for object_type in ("shipments.stop", "shipments.stoptemplatestop"):
            history.register_value(object_type, "label", labels.data_label)
        history.register_value("shipments.stoptemplate", "name", labels.data_label)
