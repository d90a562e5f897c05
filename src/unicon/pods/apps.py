from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PodsConfig(AppConfig):
    name = "unicon.pods"
    label = "pods"
    verbose_name = _("Photos, POD and documents")

    def ready(self) -> None:
        from unicon.core import audit
        from unicon.dispatch.signals import stop_check_out_requested
        from unicon.pods import content, models, policies, services
        from unicon.shipments import services as shipments

        content.register_optional_formats()
        audit.track(models.PodFile)
        audit.track(models.ShipmentDocument)
        shipments.register_action("uploadDocument", policies.may_upload_document)
        shipments.register_action("printDeliveryNote", policies.may_print_delivery_note)
        stop_check_out_requested.connect(
            services.on_stop_check_out, dispatch_uid="pods-required-photos"
        )
