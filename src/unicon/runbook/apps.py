from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RunbookConfig(AppConfig):
    """The runbook's tooling: backup/restore, archives, system modes, rate limits, metrics,
    audit export, data generation. The label stays `ops` so that existing databases keep
    their tables (`ops_systemmode`, `ops_archivedfile`) and migration history."""

    name = "unicon.runbook"
    label = "ops"
    verbose_name = _("Runbook tooling")

    def ready(self) -> None:
        from unicon.core import audit
        from unicon.runbook.models import SystemMode

        audit.track(SystemMode)

        from unicon.runbook import checks  # noqa: F401  (registers the deploy checks)
        from unicon.runbook.observability import connect_signals

        connect_signals()
