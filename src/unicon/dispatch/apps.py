from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "unicon.dispatch"
    label = "dispatch"
    verbose_name = _("Dispatch")

    def ready(self) -> None:
        from unicon.core import audit
        from unicon.dispatch.models import DriverTask

        audit.track(DriverTask)
