from datetime import datetime
from uuid import UUID

from ninja import Field, Schema

from unicon.customers.schemas import CustomerRef


class UserOut(Schema):
    id: UUID = Field(alias="public_id")
    email: str
    fullName: str = Field(alias="full_name")
    phone: str
    role: str
    customer: CustomerRef | None
    isActive: bool = Field(alias="is_active")
    lastLogin: datetime | None = Field(alias="last_login")


class LoginIn(Schema):
    email: str = Field(max_length=254)
    password: str = Field(max_length=4096)
    # Only when the account must change its password (after `unicon force-password-reset`).
    newPassword: str | None = Field(default=None, max_length=4096)


class LoginOut(Schema):
    token: str
    expiresAt: datetime
    user: UserOut


class SessionOut(Schema):
    id: str = Field(alias="sid")
    kind: str
    createdAt: datetime = Field(alias="created_at")
    lastSeenAt: datetime = Field(alias="last_seen_at")
    expiresAt: datetime = Field(alias="expire_date")
    ip: str | None
    userAgent: str = Field(alias="user_agent")
    current: bool = False


class PasswordResetIn(Schema):
    email: str = Field(max_length=254)


class PasswordResetConfirmIn(Schema):
    uid: str = Field(max_length=64)
    token: str = Field(max_length=128)
    password: str = Field(max_length=4096)


class PasswordChangeIn(Schema):
    currentPassword: str = Field(max_length=4096)
    newPassword: str = Field(max_length=4096)


class Message(Schema):
    success: bool = True
    message: str


class UserCreateIn(Schema):
    email: str = Field(max_length=254)
    fullName: str = Field(min_length=2, max_length=150)
    role: str
    phone: str = Field("", max_length=20)
    customerId: UUID | None = None
    password: str | None = Field(
        None, max_length=4096, description="Omit to let the user set one through a reset link."
    )


class UserUpdateIn(Schema):
    fullName: str | None = Field(None, min_length=2, max_length=150)
    phone: str | None = Field(None, max_length=20)
    role: str | None = None
    customerId: UUID | None = None


class ResetLinkOut(Schema):
    success: bool = True
    message: str
