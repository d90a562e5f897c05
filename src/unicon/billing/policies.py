"""Who may do what in billing, and why not. Services enforce these; pages only read them.

ADMIN passes every role check (`core.permissions.has_role`). Customer users see only their
own company's statements and invoices, and only the CUSTOMER_OWNER role sees money
(DOMAIN.md part B §1.1: CUSTOMER_OPS has "no debts").
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from unicon.billing.models import ChargeKind
from unicon.core.errors import Conflict, Forbidden
from unicon.core.permissions import has_role
from unicon.core.roles import Role

#: Manage tariffs, the charge catalogue, billing profiles, statements and invoices.
MANAGERS = {Role.ACCOUNTING}
#: May add extra charges and disbursements (with a receipt) to a delivered shipment.
CHARGE_ADDERS = {Role.ACCOUNTING, Role.OPS}
#: Internal readers of charges, statements and invoices.
READERS = {Role.ACCOUNTING, Role.OPS}
#: Customer roles that see their company's statements and invoices.
CUSTOMER_READERS = {Role.CUSTOMER_OWNER}


def may_manage(user) -> bool:
    return has_role(user, MANAGERS)


def ensure_manager(user) -> None:
    if not may_manage(user):
        raise Forbidden(_("Only accounting may do this."))


def may_read(user) -> bool:
    return has_role(user, READERS) or _customer_reader(user)


def may_read_own_account(user) -> bool:
    """A customer's owner, on its own company's billing pages (`/customer/billing/`,
    `/customer/account/`): they show the user's company, so a user without one (ADMIN
    included) has nothing to see there."""
    return _customer_reader(user)


def _customer_reader(user) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role in CUSTOMER_READERS
        and bool(user.customer_id)
    )


def ensure_reader(user) -> None:
    if not may_read(user):
        raise Forbidden(_("Your role may not see billing."))


def company_rule(user, field: str = "customer_id") -> Q:
    """Rows `user` may read: everything for internal readers, its own company for a customer
    owner, nothing otherwise (so another company's id answers 404, never 403)."""
    if has_role(user, READERS):
        return Q()
    if _customer_reader(user):
        return Q(**{field: user.customer_id})
    return Q(pk__in=[])


def restrict(queryset: QuerySet, user, field: str = "customer_id") -> QuerySet:
    return queryset.filter(company_rule(user, field))


def ensure_may_add_charge(user, kind: str) -> None:
    """ACCOUNTING adds any charge; OPS only extras and disbursements (not the freight)."""
    if may_manage(user):
        return
    if has_role(user, CHARGE_ADDERS) and kind != ChargeKind.FREIGHT:
        return
    raise Forbidden(_("Your role may not add this charge."))


def ensure_charge_editable(charge) -> None:
    """A charge on a live invoice is locked (DOMAIN.md §4.7)."""
    if charge.invoice_lines.filter(live=True).exists():
        raise Conflict(
            _("This charge is on an invoice and can no longer change."),
            {"charge": [str(charge.public_id)]},
        )


def may_answer_statement(user) -> bool:
    """Confirm or dispute a sent statement (bảng kê): only the customer's owner, for their
    own company (the statement's company rule answers 404 for another). The confirmation is
    the customer's agreement to the amounts that an invoice is then issued from, so
    accounting, who sent the statement, never gives it in the customer's name."""
    return _customer_reader(user)


def is_customer_user(user) -> bool:
    return getattr(user, "customer_id", None) is not None and not has_role(user, READERS)
