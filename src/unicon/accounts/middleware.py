from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from unicon.accounts.services import password_change_required
from unicon.accounts.sessions import SessionStore
from unicon.core.errors import error_response


class SessionActivityMiddleware:
    """Keeps an active browser session alive until its idle timeout or absolute lifetime."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and isinstance(request.session, SessionStore):
            request.session.touch()
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """After `unicon force-password-reset`, a logged-in browser may only change its password.

    Pages redirect to the password change form; /api/ calls made with the browser session
    answer 403 FORBIDDEN (bearer logins are refused earlier, in `services.login_api`).
    """

    ALLOWED_API = ("/api/auth/password", "/api/auth/logout", "/api/auth/me", "/api/health")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and password_change_required(user)
            and not request.path.startswith("/static/")
        ):
            allowed_pages = (reverse("password_change"), reverse("logout"))
            if request.path.startswith("/api/"):
                if not request.path.startswith(self.ALLOWED_API):
                    message = _("Password change required: change your password first.")
                    details = {"passwordChangeRequired": True}
                    return error_response("FORBIDDEN", message, details, status=403)
            elif request.path not in allowed_pages:
                messages.warning(request, _("You must set a new password before continuing."))
                return redirect("password_change")
        return self.get_response(request)
