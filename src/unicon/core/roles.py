"""Roles and where each lands after login (DOMAIN.md §1.2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "ADMIN", _("Administrator")
    OPS = "OPS", _("Operations")
    DISPATCHER = "DISPATCHER", _("Dispatcher")
    ACCOUNTING = "ACCOUNTING", _("Accounting")
    DRIVER = "DRIVER", _("Driver")
    CUSTOMER_OWNER = "CUSTOMER_OWNER", _("Customer owner")
    CUSTOMER_OPS = "CUSTOMER_OPS", _("Customer operations")


CUSTOMER_ROLES = frozenset({Role.CUSTOMER_OWNER, Role.CUSTOMER_OPS})
INTERNAL_ROLES = frozenset(Role) - CUSTOMER_ROLES
#: Only ADMIN (who passes every role check): said by name, never as an empty role list.
ADMIN_ONLY = frozenset({Role.ADMIN})


def is_customer(user) -> bool:
    """The one "is this a customer company's user" test (False for anonymous users)."""
    return getattr(user, "role", None) in CUSTOMER_ROLES


# The URL name of each role's landing page.
HOME_PAGE = {
    Role.ADMIN: "ops-home",
    Role.OPS: "ops-home",
    Role.DISPATCHER: "dispatcher-home",
    Role.ACCOUNTING: "accounting-home",
    Role.DRIVER: "driver-home",
    Role.CUSTOMER_OWNER: "customer-home",
    Role.CUSTOMER_OPS: "customer-home",
}
