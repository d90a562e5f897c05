from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "unicon.billing"
    label = "billing"
    verbose_name = _("Billing")

    def ready(self) -> None:
        from unicon.billing import (
            models,
            pdf,  # noqa: F401 - registers the invoice e-mail's PDF
            services,
        )
        from unicon.core import audit
        from unicon.shipments.services import status_changed

        for model in (
            models.ChargeType,
            models.Tariff,
            models.BillingProfile,
            models.Charge,
            models.Statement,
            models.Invoice,
        ):
            audit.track(model)
        status_changed.connect(services.on_status_changed, dispatch_uid="billing-price-delivered")
