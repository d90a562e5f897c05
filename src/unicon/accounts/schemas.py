from datetime import datetime
from uuid import UUID

from ninja import Field, Schema


class CustomerRef(Schema):
    id: UUID = Field(alias="public_id")
    code: str
    name: str


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
