from datetime import datetime
from uuid import UUID

from ninja import Field

from unicon.core.schemas import CamelSchema, ResolvedSchema
from unicon.customers.schemas import CustomerRef


class UserOut(ResolvedSchema):
    id: UUID = Field(validation_alias="public_id")
    email: str
    full_name: str
    phone: str
    role: str
    customer: CustomerRef | None
    is_active: bool
    last_login: datetime | None


class LoginIn(CamelSchema):
    email: str = Field(max_length=254)
    password: str = Field(max_length=4096)
    # Only when the account must change its password (after `unicon force-password-reset`).
    new_password: str | None = Field(default=None, max_length=4096)


class LoginOut(ResolvedSchema):
    token: str
    expires_at: datetime
    user: UserOut


class SessionOut(ResolvedSchema):
    id: str = Field(validation_alias="sid")
    kind: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime = Field(validation_alias="expire_date")
    ip: str | None
    user_agent: str
    current: bool = False


class PasswordResetIn(CamelSchema):
    email: str = Field(max_length=254)


class PasswordResetConfirmIn(CamelSchema):
    uid: str = Field(max_length=64)
    token: str = Field(max_length=128)
    password: str = Field(max_length=4096)


class PasswordChangeIn(CamelSchema):
    current_password: str = Field(max_length=4096)
    new_password: str = Field(max_length=4096)


class Message(ResolvedSchema):
    success: bool = True
    message: str


class UserCreateIn(CamelSchema):
    email: str = Field(max_length=254)
    full_name: str = Field(min_length=2, max_length=150)
    role: str
    phone: str = Field("", max_length=20)
    customer_id: UUID | None = None
    password: str | None = Field(
        None, max_length=4096, description="Omit to let the user set one through a reset link."
    )


class UserUpdateIn(CamelSchema):
    full_name: str | None = Field(None, min_length=2, max_length=150)
    phone: str | None = Field(None, max_length=20)
    role: str | None = None
    customer_id: UUID | None = None


class ResetLinkOut(ResolvedSchema):
    success: bool = True
    message: str
