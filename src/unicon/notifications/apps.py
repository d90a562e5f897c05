from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "unicon.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from unicon.notifications import hooks, metrics

        hooks.connect()
        metrics.register()
