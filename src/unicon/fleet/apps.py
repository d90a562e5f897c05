from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FleetConfig(AppConfig):
    name = "unicon.fleet"
    label = "fleet"
    verbose_name = _("Fleet")

    def ready(self) -> None:
        from unicon.core import audit
        from unicon.fleet.models import Driver, LegalEntity, Vehicle

        for model in (LegalEntity, Vehicle, Driver):
            audit.track(model)
