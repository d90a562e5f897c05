from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "unicon.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from unicon.accounts import signals  # noqa: F401  (connects the security-event audit)
        from unicon.accounts.models import User
        from unicon.core import audit

        audit.track(User, exclude=["last_login"], masked=["password"])
