"""User administration for ADMIN: no public sign-up, deactivation instead of deletion."""

from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Status

from unicon.accounts import services
from unicon.accounts.policies import USER_ADMIN_ROLES
from unicon.accounts.schemas import Message, UserCreateIn, UserOut, UserUpdateIn
from unicon.core.pagination import DEFAULT_LIMIT, Paged
from unicon.core.permissions import ensure_role
from unicon.core.schemas import CamelSchema

router = Router(tags=["users"], by_alias=True)


class UserFilters(CamelSchema):
    role: str | None = None
    active: str | None = Field(None, description="true or false")
    customer_id: str | None = Field(None, description="customer public id")
    q: str | None = None
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None


def _admin(request: HttpRequest) -> None:
    ensure_role(request.user, USER_ADMIN_ROLES)


@router.get("", response=Paged[UserOut], summary="List users (ADMIN)")
def list_users(request: HttpRequest, filters: Query[UserFilters]):
    page = services.list_users(
        request.user, request.GET, limit=filters.limit, cursor=filters.cursor
    )
    return page.as_response()


@router.post("", response={201: UserOut}, summary="Create a user (ADMIN)")
def create_user(request: HttpRequest, payload: UserCreateIn):
    _admin(request)
    user = services.create_user(
        email=payload.email,
        full_name=payload.full_name,
        role=payload.role,
        phone=payload.phone,
        password=payload.password,
        customer=services.customer_for(payload.customer_id),
    )
    return Status(201, user)


@router.get("/{user_id}", response=UserOut, summary="One user (ADMIN)")
def get_user(request: HttpRequest, user_id: UUID):
    _admin(request)
    return services.get_user_by_public_id(user_id)


@router.patch("/{user_id}", response=UserOut, summary="Change name, phone or role (ADMIN)")
def update_user(request: HttpRequest, user_id: UUID, payload: UserUpdateIn):
    _admin(request)
    user = services.get_user_by_public_id(user_id)
    fields = payload.model_dump(exclude_unset=True)
    return services.update_user(
        user,
        actor=request.user,
        full_name=fields.get("full_name"),
        phone=fields.get("phone"),
        role=fields.get("role"),
        customer=services.customer_for(fields["customer_id"]) if "customer_id" in fields else None,
    )


@router.post("/{user_id}/deactivate", response=Message, summary="Deactivate (ends all sessions)")
def deactivate_user(request: HttpRequest, user_id: UUID):
    _admin(request)
    services.deactivate_user(services.get_user_by_public_id(user_id), actor=request.user)
    return {"message": _("User deactivated; every session ended.")}


@router.post("/{user_id}/activate", response=Message, summary="Activate again")
def activate_user(request: HttpRequest, user_id: UUID):
    _admin(request)
    services.activate_user(services.get_user_by_public_id(user_id))
    return {"message": _("User activated.")}


@router.post("/{user_id}/end-sessions", response=Message, summary="End all sessions of a user")
def end_sessions(request: HttpRequest, user_id: UUID):
    """ADMIN: log the user out of every browser session and API token at once (ending
    one's own includes the calling session); the user may log in again."""
    _admin(request)
    target = services.get_user_by_public_id(user_id)
    count = services.end_sessions(target, reason="admin_api")
    return {"message": _("%(n)s session(s) ended.") % {"n": count}}


@router.post("/{user_id}/reset-link", response={202: Message}, summary="E-mail a reset link")
def send_reset_link(request: HttpRequest, user_id: UUID):
    _admin(request)
    services.send_reset_link(services.get_user_by_public_id(user_id))
    return Status(202, {"message": _("A password reset link was e-mailed to the user.")})
