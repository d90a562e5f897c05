from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from unicon.accounts import services
from unicon.accounts.forms import ChangePasswordForm, EmailForm, LoginForm, ServicePasswordForm
from unicon.core.errors import ServiceError
from unicon.web.common import report


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


class PasswordResetRequestView(FormView):
    """Same answer whether or not the address has an account (no enumeration)."""

    template_name = "registration/password_reset_form.html"
    form_class = EmailForm
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        services.request_password_reset(form.cleaned_data["email"])
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = ServicePasswordForm
    success_url = reverse_lazy("password_reset_complete")

    def get_user(self, uidb64):
        return services.user_for_reset_link(uidb64)  # links carry the public id


@method_decorator(login_required, name="dispatch")
class PasswordChangeView(FormView):
    template_name = "registration/password_change_form.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("sessions")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        form.save(keep=self.request.session)
        messages.success(self.request, _("Password changed. Your other sessions were ended."))
        return super().form_valid(form)


@login_required
def sessions(request: HttpRequest) -> HttpResponse:
    rows = services.active_sessions(request.user)
    current = request.session.session_key
    return render(request, "accounts/sessions.html", {"rows": rows, "current_key": current})


@login_required
@require_POST
def revoke_session(request: HttpRequest, sid: str) -> HttpResponse:
    try:
        services.revoke_session(request.user, sid)
        messages.success(request, _("Session ended."))
    except ServiceError as exc:
        report(request, exc)
    return redirect("sessions")
