from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PodsConfig(AppConfig):
    name = "unicon.pods"
    label = "pods"
    verbose_name = _("Photos, POD and documents")

    def ready(self) -> None:
        from unicon.core import audit
        from unicon.dispatch.signals import stop_check_out_requested
        from unicon.pods import content, history, models, policies, services, signals
        from unicon.shipments import policies as shipment_policies

        content.register_optional_formats()
        audit.track(models.PodFile)
        audit.track(models.ShipmentDocument)
        shipment_policies.register_action("uploadDocument", policies.may_upload_document)
        signals.pod_uploaded.connect(history.on_pod_uploaded, dispatch_uid="pods-history")
        signals.document_uploaded.connect(
            history.on_document_uploaded, dispatch_uid="pods-history-document"
        )
        shipment_policies.register_action("printDeliveryNote", policies.may_print_delivery_note)
        stop_check_out_requested.connect(
            services.on_stop_check_out, dispatch_uid="pods-required-photos"
        )
