from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from unicon.core.permissions import has_role
from unicon.core.roles import CUSTOMER_ROLES, Role

# (URL name, label, roles that see it) — ADMIN sees everything.
NAVIGATION = [
    ("ops-home", _("Shipments"), {Role.OPS, Role.DISPATCHER}),
    ("dispatcher-home", _("Dispatch"), {Role.DISPATCHER}),
    ("driver-home", _("My trips"), {Role.DRIVER}),
    ("customer-home", _("My shipments"), set(CUSTOMER_ROLES)),
    ("accounting-home", _("Accounting"), {Role.ACCOUNTING}),
    ("costs-fuel", _("Fleet costs"), {Role.ACCOUNTING, Role.DISPATCHER}),
    ("billing-tariffs", _("Tariffs"), {Role.ACCOUNTING}),
    ("billing-receivables", _("Receivables"), {Role.ACCOUNTING}),
    ("customer-billing", _("Statements and invoices"), {Role.CUSTOMER_OWNER}),
    ("customer-account", _("Statement of account"), {Role.CUSTOMER_OWNER}),
    ("web-vehicles", _("Vehicles"), {Role.OPS, Role.DISPATCHER}),
    ("web-drivers", _("Drivers"), {Role.OPS, Role.DISPATCHER}),
    ("web-customers", _("Customers"), {Role.OPS, Role.DISPATCHER, Role.ACCOUNTING}),
    ("web-locations", _("Locations"), {Role.OPS, Role.DISPATCHER}),
    ("web-users", _("Users"), set()),
]


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    items = [(name, label) for name, label, roles in NAVIGATION if has_role(user, roles)]
    return {"nav_items": items}
