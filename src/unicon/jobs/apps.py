from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "unicon.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        # Every app's `tasks` module registers its tasks and periodic jobs with the one queue,
        # so the worker (and `unicon jobs`) knows them all.
        autodiscover_modules("tasks")
        from prometheus_client import REGISTRY

        from unicon.jobs.metrics import collector
        from unicon.runbook.observability import EXTRA_COLLECTORS

        if collector not in EXTRA_COLLECTORS:
            REGISTRY.register(collector)
            EXTRA_COLLECTORS.append(collector)
