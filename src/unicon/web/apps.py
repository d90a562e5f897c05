from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "unicon.web"
    label = "web"
    verbose_name = _("Web pages")  # shared page helpers, formatting tags, shared partials
