"""Master data lists (vehicles, drivers with paper expiry badges; customers; locations),
the accounting landing page and the ADMIN user management page."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unicon.accounts import services as account_services
from unicon.accounts.policies import USER_ADMIN_ROLES
from unicon.core.errors import ServiceError
from unicon.core.filtering import errors_of
from unicon.core.ids import parse_uuid
from unicon.core.permissions import has_role, role_required
from unicon.core.roles import CUSTOMER_ROLES, Role
from unicon.customers import policies as customer_policies
from unicon.customers import services as customer_services
from unicon.fleet import policies as fleet_policies
from unicon.fleet import services as fleet_services
from unicon.shipments import policies as shipment_policies
from unicon.shipments import services as shipment_services
from unicon.shipments.models import FinancialStatus, OperationStatus
from unicon.web.common import field_errors, report


def _paged(request, fetch, **fixed):
    """One page of a list service with the page's query parameters as its FilterSet input
    (the API's parameters); a refused filter becomes the error shown above the list."""
    cursor = request.GET.get("cursor") or None
    try:
        return fetch(request.user, request.GET, limit=50, cursor=cursor, **fixed), None
    except ServiceError as exc:
        return None, errors_of(exc)


def _papers(obj) -> list:
    return [
        {"paper": fleet_services.Paper(w.document).label, "date": w.expires_on, "state": w.state}
        for w in fleet_services.expiry_warnings(obj)
    ]


def _list_view(readers, fetch, template: str, writers, *, papers: bool = False):
    """A master-data list page for `readers` (the service's FilterSet reads the query
    string); vehicle and driver rows carry paper-expiry badges; `writers` see edit links."""

    @role_required(*readers)
    def view(request: HttpRequest) -> HttpResponse:
        page, error = _paged(request, fetch)
        items = page.items if page else []
        context = {
            "page": page,
            "rows": [{"obj": o, "papers": _papers(o)} for o in items] if papers else [],
            "error": error,
            "q": request.GET.get("q", "").strip(),
            "can_write": has_role(request.user, writers),
        }
        return render(request, template, context)

    return view


vehicles = _list_view(
    fleet_policies.FLEET_PAGE_ROLES,
    fleet_services.list_vehicles,
    "web/resources/vehicles.html",
    fleet_policies.FLEET_WRITERS,
    papers=True,
)
drivers = _list_view(
    fleet_policies.FLEET_PAGE_ROLES,
    fleet_services.list_drivers,
    "web/resources/drivers.html",
    fleet_policies.FLEET_WRITERS,
    papers=True,
)
customers = _list_view(
    customer_policies.CUSTOMER_READERS,
    customer_services.list_customers,
    "web/resources/customers.html",
    customer_policies.CUSTOMER_WRITERS,
)
#: Internal users' address book and (below) the customer portal's: the service decides
#: which locations each sees; the page only hides the links it would refuse.
locations = _list_view(
    customer_policies.LOCATION_WRITERS,
    customer_services.list_locations,
    "web/resources/locations.html",
    customer_policies.LOCATION_PAGE_ROLES,
)
customer_locations = _list_view(
    CUSTOMER_ROLES,
    customer_services.list_locations,
    "web/resources/locations.html",
    customer_policies.LOCATION_PAGE_ROLES,
)


@role_required(*shipment_policies.ACCOUNTING_ROLES)
def accounting(request: HttpRequest) -> HttpResponse:
    """Delivered shipments and their billing state (charges and invoices come later)."""
    page, error = _paged(
        request, shipment_services.list_shipments, status=OperationStatus.DELIVERED
    )
    return render(
        request,
        "web/accounting/debts.html",
        {"page": page, "error": error, "financial": FinancialStatus.choices},
    )


# --------------------------------------------------------------------------- users (ADMIN)


def _user_or_404(public_id):
    try:
        return account_services.get_user_by_public_id(public_id)
    except ServiceError as exc:
        raise Http404(exc.message) from exc


@role_required(*USER_ADMIN_ROLES)
def users(request: HttpRequest) -> HttpResponse:
    errors: dict = {}
    values = {"email": "", "full_name": "", "role": Role.OPS, "customer": "", "phone": ""}
    status = 200
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in values}
        try:
            customer = account_services.customer_for(parse_uuid(values["customer"], "customer"))
            user = account_services.create_user(
                email=values["email"],
                full_name=values["full_name"],
                role=values["role"],
                customer=customer,
                phone=values["phone"],
            )
            account_services.send_reset_link(user)
        except ServiceError as exc:
            report(request, exc)
            errors = field_errors(exc)
            status = 400
        else:
            messages.success(
                request,
                _("User %(email)s created; a link to set the password was e-mailed.")
                % {"email": user.email},
            )
            return redirect("web-users")
    q = request.GET.get("q", "").strip()
    page, error = _paged(request, account_services.list_users)
    context = {
        "users": page.items if page else [],
        "page": page,
        "error": error,
        "q": q,
        "values": values,
        "errors": errors,
        "roles": Role.choices,
        "customers": customer_services.list_customers(request.user, limit=200).items,
    }
    return render(request, "web/users/list.html", context, status=status)


@require_POST
@role_required(*USER_ADMIN_ROLES)
def user_action(request: HttpRequest, public_id) -> HttpResponse:
    target = _user_or_404(public_id)
    action = request.POST.get("action")
    try:
        if action == "role":
            customer = account_services.customer_for(
                parse_uuid(request.POST.get("customer"), "customer")
            )
            account_services.update_user(
                target, actor=request.user, role=request.POST.get("role"), customer=customer
            )
            messages.success(request, _("Role changed."))
        elif action == "deactivate":
            account_services.deactivate_user(target, actor=request.user)
            messages.success(request, _("User deactivated; their sessions were ended."))
        elif action == "activate":
            account_services.activate_user(target)
            messages.success(request, _("User activated."))
        elif action == "reset":
            account_services.send_reset_link(target)
            messages.success(request, _("A password reset link was e-mailed."))
        elif action == "end-sessions":
            count = account_services.end_sessions(target, reason="admin_web")
            messages.success(request, _("%(n)s session(s) ended.") % {"n": count})
        else:
            messages.error(request, _("Unknown action."))
    except ServiceError as exc:
        report(request, exc)
    return redirect("web-users")


@role_required(*USER_ADMIN_ROLES)
def user_sessions(request: HttpRequest, public_id) -> HttpResponse:
    """ADMIN: a user's open browser and API sessions; end one or all of them."""
    target = _user_or_404(public_id)
    if request.method == "POST":
        sid = request.POST.get("sid", "")
        try:
            if sid:
                account_services.revoke_session(target, sid)
            else:
                account_services.end_sessions(
                    target, keep_session_key=request.session.session_key, reason="admin_web"
                )
        except ServiceError as exc:
            report(request, exc)
        else:
            messages.success(request, _("Session(s) ended."))
        return redirect("web-user-sessions", public_id=public_id)
    sessions = account_services.active_sessions(target)
    return render(
        request,
        "web/users/sessions.html",
        {"target": target, "sessions": sessions, "current_key": request.session.session_key},
    )
