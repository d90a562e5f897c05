from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "unicon.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from unicon.core import audit
        from unicon.ops.models import SystemMode

        audit.track(SystemMode)

        from unicon.ops import checks  # noqa: F401  (registers the deploy checks)
        from unicon.ops.observability import connect_signals

        connect_signals()
