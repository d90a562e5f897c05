from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from unicon.core.permissions import may_open
from unicon.core.roles import Role

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

#: Pages about the user's own trips or company: an ADMIN may open them (to see what a driver
#: or a customer sees) but has none of their own, so they are not in an ADMIN's menu.
PERSONAL = frozenset({"driver-home", "customer-home"})


def navigation(request: HttpRequest) -> dict:
    """The menu items the user may open."""
    user = getattr(request, "user", None)
    admin = getattr(user, "role", None) == Role.ADMIN
    items = [
        (name, label)
        for name, label in NAVIGATION
        if may_open(user, name) and not (admin and name in PERSONAL)
    ]
    return {"nav_items": items}
