"""The shape of a policy answer: "may this user do X to this object now, and if not, why".

Each domain app has a `policies.py` that holds its role sets and status sets and returns
`Decision`s. Services call `decision.enforce()` (which raises the matching `ServiceError`),
the API lists the decisions as `allowedActions`, pages and templates only read them.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from unicon.core.errors import Conflict, Forbidden, ServiceError
from unicon.core.permissions import has_role

#: A refusal because of who the user is (HTTP 403) or of the object's state now (HTTP 409).
FORBIDDEN = Forbidden.code
CONFLICT = Conflict.code

_ERRORS: dict[str, type[ServiceError]] = {FORBIDDEN: Forbidden, CONFLICT: Conflict}


@dataclass(frozen=True)
class Decision:
    """`allowed`, else the reason: `code` (FORBIDDEN or CONFLICT) and a user-facing message.

    `details` travels with the raised error (e.g. the allowed moves of a 409).
    """

    allowed: bool
    code: str = ""
    message: str = ""
    details: dict | None = None

    def __bool__(self) -> bool:
        return self.allowed

    def enforce(self) -> None:
        """Raise `Forbidden` / `Conflict` with the message when refused; nothing when allowed."""
        if not self.allowed:
            raise _ERRORS[self.code](self.message, self.details)


ALLOW = Decision(True)


def forbid(message: str | None = None) -> Decision:
    """Refused because of the user's role or company (403)."""
    return Decision(False, FORBIDDEN, str(message or _("Your role may not perform this action.")))


def conflict(message: str, details: dict | None = None) -> Decision:
    """Refused because of the object's state now (409)."""
    return Decision(False, CONFLICT, str(message), details)


def role(user, roles) -> Decision:
    """ALLOW when `user` holds one of `roles` (ADMIN always does), else a 403 decision."""
    return ALLOW if has_role(user, roles) else forbid()
