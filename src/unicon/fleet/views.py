"""The fleet pages: vehicle and driver lists (with paper-expiry badges) and their new /
edit / delete pages (`fleet.forms`, one `fleet.services` call each)."""

from django.utils.translation import gettext_noop

from unicon.fleet import policies, services
from unicon.fleet.forms import DriverForm, NewDriverForm, VehicleForm
from unicon.web.crud import Resource, list_view, resource_services


def _papers(obj) -> dict:
    warnings = services.expiry_warnings(obj)
    return {
        "papers": [
            {"paper": services.Paper(w.document).label, "date": w.expires_on, "state": w.state}
            for w in warnings
        ]
    }


vehicles = list_view(
    policies.FLEET_PAGE_ROLES,
    services.list_vehicles,
    "fleet/vehicles.html",
    policies.FLEET_WRITERS,
    row=_papers,
)

drivers = list_view(
    policies.FLEET_PAGE_ROLES,
    services.list_drivers,
    "fleet/drivers.html",
    policies.FLEET_WRITERS,
    row=_papers,
)

VEHICLES = Resource(
    "vehicle",
    form=VehicleForm,
    services=resource_services(services, "vehicle"),
    writers=policies.FLEET_WRITERS,
    deleters=policies.FLEET_DELETERS,
    home=lambda user: "web-vehicles",
    titles=(gettext_noop("New vehicle"), gettext_noop("Edit vehicle %(name)s")),
)
DRIVERS = Resource(
    "driver",
    form=DriverForm,
    new_form=NewDriverForm,
    services=resource_services(services, "driver"),
    writers=policies.FLEET_WRITERS,
    deleters=policies.FLEET_DELETERS,
    home=lambda user: "web-drivers",
    titles=(gettext_noop("New driver"), gettext_noop("Edit driver %(name)s")),
    label=lambda driver: driver.user.full_name,
)
