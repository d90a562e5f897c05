"""Every rule about users, passwords and sessions lives here; views, API and commands call it."""

import uuid
from datetime import datetime

from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    authenticate,
    user_logged_in,
    user_logged_out,
)
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from unicon.accounts.emails import send_reset_email
from unicon.accounts.filters import UserFilter
from unicon.accounts.models import SessionKind, User, UserSession, normalise_email
from unicon.accounts.policies import USER_ADMIN_ROLES
from unicon.accounts.sessions import META_KEY, SessionStore, new_meta
from unicon.accounts.tokens import find_api_session
from unicon.core import audit, crud
from unicon.core.errors import Forbidden, NotFound, RateLimited, Unauthorized, ValidationFailed
from unicon.core.filtering import apply as apply_filters
from unicon.core.pagination import Page, keyset_page
from unicon.core.permissions import ensure_role
from unicon.customers.models import Customer

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def get_user(email: str) -> User:
    try:
        return User.objects.get(email=normalise_email(email))
    except User.DoesNotExist:
        raise NotFound(_("No user with e-mail %(email)s.") % {"email": email}) from None


def get_user_by_public_id(public_id) -> User:
    user = User.objects.select_related("customer").filter(public_id=public_id).first()
    if user is None:
        raise NotFound(_("No such user."))
    return user


def customer_for(public_id) -> Customer | None:
    """The customer company named by its public id (None stays None)."""
    return crud.reference(Customer.objects, public_id, "customerId", _("No such customer."))


def list_users(user, filters=None, *, limit: int = 50, cursor: str | None = None) -> Page:
    """Users by e-mail (ADMIN), filtered by `accounts.filters.UserFilter`."""
    ensure_role(user, USER_ADMIN_ROLES)
    users = apply_filters(UserFilter, filters, User.objects.select_related("customer"))
    return keyset_page(users, ["email", "id"], limit, cursor)


def check_password_strength(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), {"password": exc.messages}) from exc


@transaction.atomic
def create_user(
    *,
    email: str,
    full_name: str,
    role: str,
    password: str | None = None,
    customer: Customer | None = None,
    phone: str = "",
) -> User:
    """Create a login. Without a password the user must set one through a reset link."""
    user = User(
        email=normalise_email(email), full_name=full_name, role=role, customer=customer, phone=phone
    )
    if User.objects.filter(email=user.email).exists():
        raise ValidationFailed(_("A user with this e-mail already exists."), {"email": ["exists"]})
    crud.validate(user, exclude=["password"])
    if password is None:
        user.set_unusable_password()
    else:
        check_password_strength(password, user)
        user.set_password(password)
    with audit.labelled("user.create"):
        user.save()
    return user


def password_change_required(user) -> bool:
    """True when the user must set a new password before doing anything else."""
    return bool(getattr(user, "must_change_password", False))


@transaction.atomic
def force_password_reset(user: User, *, reason: str = "force_password_reset") -> int:
    """End every session of the user; their next login must set a new password."""
    user.must_change_password = True
    with audit.labelled("user.force_password_reset"):
        user.save(update_fields=["must_change_password"])
    return end_sessions(user, reason=reason)


@transaction.atomic
def force_password_reset_all() -> dict[str, int]:
    """`force_password_reset` for every active user at once (runbook §4.3 scenario 4), in one
    transaction with one summary audit line. Returns {"users", "sessions"} counts."""
    counts = {"users": 0, "sessions": 0}
    for user in User.objects.filter(is_active=True).iterator():
        counts["sessions"] += force_password_reset(user)
        counts["users"] += 1
    audit.log(
        "ops.force_password_reset_all",
        extra={"users": counts["users"], "sessions": counts["sessions"]},
    )
    return counts


def end_sessions(user: User, *, keep_session_key: str | None = None, reason: str) -> int:
    """Log the user out of every browser and API session (except `keep_session_key`)."""
    sessions = UserSession.objects.filter(user=user)
    if keep_session_key:
        sessions = sessions.exclude(session_key=keep_session_key)
    count, _detail = sessions.delete()
    audit.log("user.sessions_ended", user, extra={"count": count, "reason": reason})
    return count


@transaction.atomic
def end_all_sessions(*, reason: str = "revoke_all") -> dict[str, int]:
    """Log every user out of every browser and API session at once (runbook §4.3 scenario
    4), in one transaction: either all sessions end (one audit line per user and one
    summary line) or none. Returns {"sessions", "users", "anonymous"} counts."""
    ended = users = 0
    for user in User.objects.filter(sessions__isnull=False).distinct().iterator():
        ended += end_sessions(user, reason=reason)
        users += 1
    anonymous, _detail = UserSession.objects.filter(user__isnull=True).delete()
    counts = {"sessions": ended, "users": users, "anonymous": anonymous}
    audit.log("ops.sessions_revoked_all", extra=counts)
    return counts


@transaction.atomic
def set_password(
    user: User, password: str, *, keep: SessionStore | None = None, reason: str
) -> None:
    """Set a new password and end every session of the user except `keep` (if given)."""
    check_password_strength(password, user)
    user.set_password(password)
    user.must_change_password = False
    with audit.labelled(f"user.{reason}"):
        user.save()
    end_sessions(user, keep_session_key=keep.session_key if keep else None, reason=reason)
    if keep is not None:
        keep[HASH_SESSION_KEY] = user.get_session_auth_hash()
        keep.save()


@transaction.atomic
def deactivate_user(user: User, *, actor: User | None = None) -> bool:
    """Block logins and end every session at once. Returns False if already inactive."""
    if actor is not None and actor.pk == user.pk:
        raise Forbidden(_("You cannot deactivate your own account."))
    changed = user.is_active
    if changed:
        user.is_active = False
        with audit.labelled("user.deactivate"):
            user.save(update_fields=["is_active"])
    end_sessions(user, reason="deactivate")
    return changed


@transaction.atomic
def activate_user(user: User) -> bool:
    if user.is_active:
        return False
    user.is_active = True
    with audit.labelled("user.activate"):
        user.save(update_fields=["is_active"])
    return True


@transaction.atomic
def update_user(
    user: User,
    *,
    actor: User | None = None,
    full_name: str | None = None,
    phone: str | None = None,
    role: str | None = None,
    customer: Customer | None = None,
) -> User:
    """Edit a user; a role change (never one's own) also sets or clears the customer company."""
    changing_role = role is not None and (role != user.role or customer != user.customer)
    if changing_role and actor is not None and actor.pk == user.pk:
        raise Forbidden(_("You cannot change your own role."))
    if full_name is not None:
        user.full_name = full_name
    if phone is not None:
        user.phone = phone
    if changing_role:
        user.role, user.customer = role, customer
    crud.validate(user, exclude=["password"])
    with audit.labelled("user.role_change" if changing_role else "user.update"):
        user.save()
    return user


# --- API sessions (bearer tokens) -------------------------------------------------


def login_api(
    request: HttpRequest, email: str, password: str, *, new_password: str | None = None
) -> tuple[str, datetime, User]:
    """Check the credentials (lock-out included) and open an API session for the user.

    A user who must change their password gets 403 until they send `new_password` too.
    """
    user = authenticate(request, username=normalise_email(email), password=password)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            raise RateLimited(locked_out_message())
        raise Unauthorized(_("Invalid e-mail or password."))
    if user.must_change_password:
        if not new_password:
            raise Forbidden(
                _(
                    "Password change required: log in again sending newPassword with your "
                    "current password, or set a new one through POST /api/auth/password-reset."
                ),
                {"passwordChangeRequired": True},
            )
        set_password(user, new_password, reason="password_change")
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = MODEL_BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[META_KEY] = new_meta(str(user.pk), SessionKind.API)
    store.create()
    request.user = user
    user_logged_in.send(sender=User, request=request, user=user)
    return store.session_key, store.row.expire_date, user


def locked_out_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Too many failed login attempts. This account is locked for %(minutes)d minutes "
        "from this address."
    ) % {"minutes": minutes}


def resolve_api_token(token: str) -> tuple[User, SessionStore] | None:
    """The active user behind a bearer token, or None when it is unknown, expired, not an API
    token, or its user is inactive or changed password since. One indexed query (session
    primary key joined to its user), so a revoked or deactivated token fails at once."""
    row = find_api_session(token)
    if row is None:
        return None
    store = SessionStore.from_row(row)
    if not constant_time_compare(store.get(HASH_SESSION_KEY, ""), row.user.get_session_auth_hash()):
        return None
    store.touch()
    return row.user, store


def logout_api(request: HttpRequest, store: SessionStore) -> None:
    user_logged_out.send(sender=User, request=request, user=request.user)
    store.delete()


def active_sessions(user: User):
    return UserSession.objects.filter(user=user, expire_date__gt=timezone.now()).order_by(
        "-last_seen_at"
    )


def revoke_session(user: User, sid: str) -> None:
    """End one of the user's own sessions, named by its public id."""
    deleted, _detail = active_sessions(user).filter(sid=sid).delete()
    if not deleted:
        raise NotFound(_("No such session."))
    audit.log("user.session_revoked", user, extra={"sid": sid})


# --- Password reset --------------------------------------------------------------------


def reset_link(user: User) -> tuple[str, datetime]:
    """A single-use link to set a new password, and when it stops working. The link names
    the user by public id (no row numbers in URLs); Django's token also dies when the user
    logs in or changes the password."""
    uid = user.public_id.hex
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    expires = timezone.now() + timezone.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    return f"{settings.SITE_URL}{path}", expires


def issue_reset_link(user: User) -> tuple[str, datetime]:
    link = reset_link(user)
    audit.log("user.reset_link_issued", user)
    return link


def send_reset_link(user: User) -> None:
    """Queue the reset e-mail (the worker sends it: `unicon.accounts.tasks`)."""
    from unicon.accounts import tasks

    tasks.send_reset_email(user.pk)


def deliver_reset_link(user: User) -> None:
    link, expires = issue_reset_link(user)
    send_reset_email(user, link, expires)


def request_password_reset(email: str) -> None:
    """E-mail a reset link if an active user has this address; always answers the same."""
    user = User.objects.filter(email=normalise_email(email), is_active=True).first()
    if user is None:
        audit.log("user.reset_requested_unknown", extra={"email": normalise_email(email)[:254]})
        return
    send_reset_link(user)


def user_for_reset_link(uid: str) -> User | None:
    """The active user a reset link names (by public id), or None."""
    try:
        return User.objects.get(public_id=uuid.UUID(uid), is_active=True)
    except (ValueError, TypeError, AttributeError, User.DoesNotExist):
        return None


def user_from_reset_token(uidb64: str, token: str) -> User:
    user = user_for_reset_link(uidb64)
    if user is None or not default_token_generator.check_token(user, token):
        raise ValidationFailed(_("This password reset link is invalid or has expired."))
    return user


def confirm_password_reset(uidb64: str, token: str, password: str) -> User:
    user = user_from_reset_token(uidb64, token)
    set_password(user, password, reason="password_reset")
    return user
