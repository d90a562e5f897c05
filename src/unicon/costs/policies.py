"""Who may do what to which cost record, and why not (services enforce, API and pages read).

ADMIN may do everything (see `unicon.core.permissions.has_role`).
"""

from django.utils.translation import gettext as _

from unicon.core.errors import Forbidden, NotFound, ValidationFailed
from unicon.core.permissions import has_role
from unicon.core.roles import Role
from unicon.costs.models import InvoiceStatus, ReviewStatus
from unicon.fleet.models import Vehicle, VehicleType

# Enter fuel and repair logs: drivers (for themselves), accounting and dispatch.
LOG_ENTRY_ROLES = frozenset({Role.DRIVER, Role.ACCOUNTING, Role.DISPATCHER})
# See every fuel and repair log (a driver sees their own).
LOG_READ_ROLES = frozenset({Role.ACCOUNTING, Role.DISPATCHER, Role.OPS})
# who sees the fuel and repair pages: those who enter logs and those who read them
LOG_PAGE_ROLES = LOG_ENTRY_ROLES | LOG_READ_ROLES
# Confirm or reject logs and invoices; purchase invoices and margins as a whole.
REVIEW_ROLES = frozenset({Role.ACCOUNTING})
INVOICE_ROLES = frozenset({Role.ACCOUNTING})
MARGIN_ROLES = frozenset({Role.ACCOUNTING})
# The vehicles a fuel fill is logged for: the ones with an engine (trailers take no fuel).
FUEL_VEHICLE_TYPES = frozenset({VehicleType.TRACTOR})


def takes_fuel(vehicle: Vehicle) -> bool:
    """Whether a fuel fill may be logged for `vehicle` (tractors, not trailers)."""
    return vehicle.vehicle_type in FUEL_VEHICLE_TYPES


def fuel_vehicles():
    """The vehicles a fuel fill may name, by plate (the fuel form's and fuel list's choices)."""
    return Vehicle.objects.filter(vehicle_type__in=FUEL_VEHICLE_TYPES).order_by("plate")


def _driver_of(user):
    return getattr(user, "driver", None) if user.role == Role.DRIVER else None


def may_enter_logs(user) -> bool:
    return has_role(user, LOG_ENTRY_ROLES)


def ensure_may_enter_logs(user) -> None:
    """A DRIVER needs a driver profile to enter logs (they are entered in their name)."""
    if not may_enter_logs(user):
        raise Forbidden(_("Your role may not enter fuel or repair logs."))
    if user.role == Role.DRIVER and _driver_of(user) is None:
        raise Forbidden(_("Your account has no driver profile; ask dispatch to create it."))


def visible_logs(user, queryset):
    """The logs `user` may see: all for internal reviewers, their own for a driver."""
    if has_role(user, LOG_READ_ROLES):
        return queryset
    driver = _driver_of(user) if has_role(user, {Role.DRIVER}) else None
    if driver is not None:
        return queryset.filter(driver=driver)
    if has_role(user, LOG_ENTRY_ROLES):
        return queryset.none()
    raise Forbidden(_("Your role may not see fuel or repair logs."))


def may_review(user) -> bool:
    return has_role(user, REVIEW_ROLES)


def edit_refusal(user, log) -> str | None:
    """Why `user` may not edit `log` now (None when they may): a confirmed log is final; a
    driver edits only their own logs while they are not confirmed."""
    if log.status == ReviewStatus.CONFIRMED:
        return _("A confirmed log cannot be changed.")
    if user.role == Role.DRIVER and log.created_by_id != user.pk:
        return _("You may only change logs you entered.")
    if not may_enter_logs(user):
        return _("Your role may not change fuel or repair logs.")
    return None


def ensure_may_edit(user, log) -> None:
    reason = edit_refusal(user, log)
    if reason:
        raise Forbidden(reason)


def ensure_may_review(user, record, target: str) -> None:
    """ACCOUNTING confirms or rejects; a confirmed record stays confirmed, a rejected one may be
    confirmed after correction."""
    if not may_review(user):
        raise Forbidden(_("Only accounting may confirm or reject."))
    if record.status == target:
        raise ValidationFailed(_("It is already in that state."), {"status": [record.status]})
    if record.status == ReviewStatus.CONFIRMED:
        raise ValidationFailed(_("A confirmed record cannot be reviewed again."))
    if record.status == InvoiceStatus.PROCESSING:
        raise ValidationFailed(_("The invoice is still being read; wait for OCR to finish."))


def may_handle_invoices(user) -> bool:
    return has_role(user, INVOICE_ROLES)


def ensure_may_handle_invoices(user) -> None:
    if not may_handle_invoices(user):
        raise Forbidden(_("Only accounting may handle purchase invoices."))


def ensure_invoice_editable(invoice) -> None:
    if invoice.status == InvoiceStatus.CONFIRMED:
        raise ValidationFailed(_("A confirmed invoice cannot be changed."))


def may_see_margins(user) -> bool:
    return has_role(user, MARGIN_ROLES)


def ensure_may_see_margins(user) -> None:
    if not may_see_margins(user):
        raise Forbidden(_("Only accounting may see costs and margins per truck."))


def not_found(what: str) -> NotFound:
    return NotFound(_("%(what)s not found.") % {"what": what})
