"""ADMIN's user management pages: create (a reset link is e-mailed), role, activate,
deactivate, reset link, sessions — each one `accounts.services` call."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unicon.accounts import services as account_services
from unicon.accounts.policies import USER_ADMIN_ROLES
from unicon.core.errors import ServiceError
from unicon.core.ids import parse_uuid
from unicon.core.permissions import role_required
from unicon.core.roles import Role
from unicon.customers import services as customer_services
from unicon.web.common import field_errors, report
from unicon.web.crud import paged

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
    page, error = paged(request, account_services.list_users)
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
    return render(request, "accounts/users/list.html", context, status=status)


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
        "accounts/users/sessions.html",
        {"target": target, "sessions": sessions, "current_key": request.session.session_key},
    )
