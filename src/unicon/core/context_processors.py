from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from unicon.accounts.policies import USER_ADMIN_ROLES
from unicon.billing import policies as billing_policies
from unicon.core.permissions import has_role
from unicon.core.roles import CUSTOMER_ROLES
from unicon.costs import policies as costs_policies
from unicon.customers.policies import CUSTOMER_READERS, LOCATION_WRITERS
from unicon.dataio import policies as dataio_policies
from unicon.dispatch.policies import DISPATCH_ROLES, DRIVER_ROLES
from unicon.fleet.policies import FLEET_PAGE_ROLES
from unicon.shipments.policies import OFFICE_ROLES

# (URL name, label, roles that see it: the roles of the page's own decorator) — ADMIN sees
# everything.
NAVIGATION = [
    ("ops-home", _("Shipments"), OFFICE_ROLES),
    ("dispatcher-home", _("Dispatch"), DISPATCH_ROLES),
    ("driver-home", _("My trips"), DRIVER_ROLES),
    ("customer-home", _("My shipments"), CUSTOMER_ROLES),
    ("accounting-home", _("Accounting"), billing_policies.MANAGERS),
    ("billing-tariffs", _("Tariffs"), billing_policies.MANAGERS),
    ("billing-receivables", _("Receivables"), billing_policies.MANAGERS),
    ("customer-billing", _("Statements and invoices"), billing_policies.CUSTOMER_READERS),
    ("customer-account", _("Statement of account"), billing_policies.CUSTOMER_READERS),
    ("costs-fuel", _("Fleet costs"), costs_policies.LOG_PAGE_ROLES),
    ("dataio-dashboard", _("Dashboard"), dataio_policies.KPI_READERS),
    ("web-vehicles", _("Vehicles"), FLEET_PAGE_ROLES),
    ("web-drivers", _("Drivers"), FLEET_PAGE_ROLES),
    ("web-customers", _("Customers"), CUSTOMER_READERS),
    ("web-locations", _("Locations"), LOCATION_WRITERS),
    ("web-users", _("Users"), USER_ADMIN_ROLES),
    ("dataio-import-home", _("Import"), dataio_policies.IMPORTERS),
]


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    items = [(name, label) for name, label, roles in NAVIGATION if has_role(user, roles)]
    return {"nav_items": items}
