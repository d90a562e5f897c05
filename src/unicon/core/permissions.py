"""Role checks for services, API handlers and pages (ADMIN may do everything)."""

from collections.abc import Iterable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from unicon.core.errors import Forbidden
from unicon.core.roles import Role


def has_role(user, roles: Iterable[str]) -> bool:
    """True when the user is logged in, active and holds one of `roles` (ADMIN always does)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.role == Role.ADMIN or user.role in set(roles)


def ensure_role(user, roles: Iterable[str]) -> None:
    """Raise `Forbidden` unless `has_role(user, roles)`."""
    if not has_role(user, roles):
        raise Forbidden(_("Your role may not perform this action."))


def role_required(*roles: str):
    """View decorator: anonymous users go to the login page, other roles get a 403 page."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
