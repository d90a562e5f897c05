from django.contrib.auth import logout
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from unicon.accounts import services
from unicon.accounts.schemas import (
    LoginIn,
    LoginOut,
    Message,
    PasswordChangeIn,
    PasswordResetConfirmIn,
    PasswordResetIn,
    SessionOut,
    UserOut,
)
from unicon.core.errors import Unauthorized

router = Router(tags=["auth"], by_alias=True)


def _current_session(request: HttpRequest):
    return getattr(request, "api_session", None) or request.session


@router.post("/login", auth=None, response=LoginOut, summary="Log in and get a bearer token")
def login(request: HttpRequest, payload: LoginIn):
    """Opens a server-side API session. Locked for 15 minutes after 5 failures (429).

    An account that must change its password (403 FORBIDDEN, details
    `passwordChangeRequired`) logs in by sending `newPassword` along.
    """
    token, expires_at, user = services.login_api(
        request, payload.email, payload.password, new_password=payload.new_password
    )
    return {"token": token, "expiresAt": expires_at, "user": user}


@router.post("/logout", response=Message, summary="End the current session", operation_id="logout")
def logout_view(request: HttpRequest):
    api_session = getattr(request, "api_session", None)
    if api_session is not None:
        services.logout_api(request, api_session)
    else:
        logout(request)
    return {"message": _("Logged out.")}


@router.get("/me", response=UserOut, summary="The logged-in user")
def me(request: HttpRequest):
    return request.user


@router.get(
    "/sessions",
    response=list[SessionOut],
    summary="My open sessions",
    operation_id="listMySessions",
)
def sessions(request: HttpRequest):
    current = _current_session(request).session_key
    rows = list(services.active_sessions(request.user))
    for row in rows:
        row.current = row.session_key == current
    return rows


@router.delete("/sessions/{sid}", response={204: None}, summary="End one of my sessions")
def revoke_session(request: HttpRequest, sid: str):
    services.revoke_session(request.user, sid)
    return Status(204, None)


@router.post("/password", response=Message, summary="Change my password")
def change_password(request: HttpRequest, payload: PasswordChangeIn):
    """Every other session of the user ends; this one stays open."""
    if not request.user.check_password(payload.current_password):
        raise Unauthorized(_("The current password is wrong."))
    services.set_password(
        request.user,
        payload.new_password,
        keep=_current_session(request),
        reason="password_change",
    )
    return {"message": _("Password changed.")}


@router.post(
    "/password-reset", auth=None, response={202: Message}, summary="E-mail a password reset link"
)
def password_reset(request: HttpRequest, payload: PasswordResetIn):
    """Always answers the same, whether or not the address has an account."""
    services.request_password_reset(payload.email)
    return Status(
        202, {"message": _("If this address has an account, a reset link is on its way.")}
    )


@router.post("/password-reset/confirm", auth=None, response=Message, summary="Set a new password")
def password_reset_confirm(request: HttpRequest, payload: PasswordResetConfirmIn):
    services.confirm_password_reset(payload.uid, payload.token, payload.password)
    return {"message": _("Your password has been set. You can log in now.")}
