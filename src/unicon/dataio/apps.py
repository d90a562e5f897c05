from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataioConfig(AppConfig):
    name = "unicon.dataio"
    label = "dataio"
    verbose_name = _("Data import and export")

    def ready(self) -> None:
        # the billing lists' export columns (kept apart: this app's lists know no billing)
        from unicon.dataio import exports_billing  # noqa: F401
