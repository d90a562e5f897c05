"""Role checks for services, API handlers and pages (ADMIN may do everything).

A page's decorator (`role_required`, `page_access`) records who may open it on the view, so
that links and menus ask `may_open(user, url_name)` the very rule the page enforces instead
of repeating it.
"""

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, resolve, reverse
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


Predicate = Callable[[object], bool]


def page_access(predicate: Predicate):
    """View decorator: anonymous users go to the login page, users for whom `predicate(user)`
    is false get a 403 page. The predicate is kept on the view for `may_open`."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.may_open = predicate
        return wrapper

    return decorator


def role_required(*roles: str):
    """View decorator: anonymous users go to the login page, other roles get a 403 page."""
    allowed = frozenset(roles)
    return page_access(lambda user: has_role(user, allowed))


def may_open(user, url_name: str, *args) -> bool:
    """Whether the page named `url_name` (with `args`) lets `user` in: the check of the
    page's own decorator. A page without one lets every logged-in user in."""
    try:
        view = resolve(reverse(url_name, args=args)).func
    except NoReverseMatch:
        return False
    check = getattr(view, "may_open", None)
    if check is None:
        return bool(getattr(user, "is_authenticated", False))
    return bool(check(user))
