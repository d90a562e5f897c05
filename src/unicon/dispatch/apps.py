from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "unicon.dispatch"
    label = "dispatch"
    verbose_name = _("Dispatch")

    def ready(self) -> None:
        from unicon.core import audit, history
        from unicon.dispatch import policies, queries, services
        from unicon.dispatch.models import DriverTask
        from unicon.shipments import filters as shipment_filters
        from unicon.shipments import policies as shipment_policies
        from unicon.shipments import services as shipments

        audit.track(DriverTask)
        shipments.status_changed.connect(
            services.on_status_changed, dispatch_uid="dispatch-close-cancelled"
        )
        shipment_filters.register_list_filter("vehicle", queries.filter_by_vehicle)
        shipment_filters.register_list_filter("driver", queries.filter_by_driver)
        shipment_policies.register_action("dispatch", policies.may_dispatch)
        shipment_policies.register_action("handOver", policies.may_hand_over_shipment)
        history.register_name("dispatch.drivertask", task_name, related=("shipment",))


def task_name(task) -> str:
    """A driver task on the audit history page: "SHP-2026-0001 · trip 2"."""
    from django.utils.translation import gettext

    return gettext("%(number)s · trip %(n)s") % {"number": task.shipment.number, "n": task.sequence}
