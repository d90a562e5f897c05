from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from unicon.core.permissions import may_open

# The header menu: (URL name, label). Each item shows to the users its page lets in (the
# page's own decorator, `may_open`), so no role rule is repeated here.
NAVIGATION = [
    ("ops-home", _("Shipments")),
    ("dispatcher-home", _("Dispatch")),
    ("driver-home", _("My trips")),
    ("customer-home", _("My shipments")),
    ("accounting-home", _("Accounting")),
    ("billing-tariffs", _("Tariffs")),
    ("billing-receivables", _("Receivables")),
    ("customer-billing", _("Statements and invoices")),
    ("customer-account", _("Statement of account")),
    ("costs-fuel", _("Fleet costs")),
    ("dataio-dashboard", _("Dashboard")),
    ("web-vehicles", _("Vehicles")),
    ("web-drivers", _("Drivers")),
    ("web-customers", _("Customers")),
    ("web-locations", _("Locations")),
    ("web-users", _("Users")),
    ("dataio-import-home", _("Import")),
]


def navigation(request: HttpRequest) -> dict:
    """The menu items the user may open."""
    user = getattr(request, "user", None)
    items = [(name, label) for name, label in NAVIGATION if may_open(user, name)]
    return {"nav_items": items}
