"""`unicon check --deploy` names the file storage in use (an env file half-read by a shell
shows a local folder here while the app servers use S3) and says when plain HTTP is on."""

from django.conf import settings
from django.core import checks

from unicon.pods import storage


@checks.register(checks.Tags.security, deploy=True)
def storage_in_use(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """INFO: the storage backend; WARNING: ALLOW_PLAIN_HTTP (LAN trial mode)."""
    messages: list[checks.CheckMessage] = [
        checks.Info(f"File storage in use: {storage.describe()}.", id="unicon.I001")
    ]
    if getattr(settings, "ALLOW_PLAIN_HTTP", False):
        messages.append(
            checks.Warning(
                "ALLOW_PLAIN_HTTP is on: cookies travel without TLS (LAN trial only).",
                id="unicon.W001",
            )
        )
    return messages
