"""Security events into the audit trail: login, failed login, lock-out, logout."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from unicon.accounts.models import normalise_email
from unicon.core import audit


@receiver(user_logged_in, dispatch_uid="audit-login")
def _logged_in(sender, request, user, **kwargs):
    kind = "api" if getattr(request, "path", "").startswith("/api/") else "web"
    audit.log("auth.login", user, actor=user, extra={"via": kind})


@receiver(user_logged_out, dispatch_uid="audit-logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.log("auth.logout", user, actor=user)


@receiver(user_login_failed, dispatch_uid="audit-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    email = normalise_email(credentials.get("username", ""))[:254]
    locked = bool(getattr(request, "axes_locked_out", False))
    audit.log("auth.login_failed", extra={"email": email, "locked_out": locked})


@receiver(user_locked_out, dispatch_uid="audit-lockout")
def _locked_out(sender, request, username, ip_address, **kwargs):
    audit.log("auth.lockout", extra={"email": normalise_email(username or ""), "ip": ip_address})
