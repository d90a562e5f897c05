from datetime import datetime
from uuid import UUID

from pydantic import AliasPath, Field, field_validator

from unicon.core.schemas import CamelSchema, related_list


class NotificationOut(CamelSchema):
    id: UUID = Field(validation_alias="public_id")
    type: str
    title: str
    link: str
    created_at: datetime
    read_at: datetime | None
    object_type: str = Field(validation_alias=AliasPath("event", "object_type"))
    object_id: UUID | None = Field(validation_alias=AliasPath("event", "object_id"))


class NotificationPage(CamelSchema):
    items: list[NotificationOut]
    next_cursor: str | None = None


class UnreadCountOut(CamelSchema):
    unread: int


class MarkedOut(CamelSchema):
    marked: int


class PreferenceIn(CamelSchema):
    event_type: str
    channel: str
    enabled: bool


class PreferencesOut(CamelSchema):
    language: str
    preferences: dict[str, dict[str, bool]]


class EndpointIn(CamelSchema):
    url: str
    event_types: list[str] = []
    description: str = ""


class EndpointPatch(CamelSchema):
    url: str | None = None
    event_types: list[str] | None = None
    description: str | None = None
    is_active: bool | None = None


class EndpointOut(CamelSchema):
    id: UUID = Field(validation_alias="public_id")
    url: str
    description: str
    event_types: list[str]
    is_active: bool
    consecutive_failures: int
    disabled_reason: str
    created_at: datetime


class EndpointSecretOut(EndpointOut):
    """Returned once, when the endpoint is created or its secret rotated."""

    secret: str


class AttemptOut(CamelSchema):
    attempt: int
    at: datetime
    response_code: int | None
    duration_ms: int
    error: str


class DeliveryOut(CamelSchema):
    id: UUID = Field(validation_alias="public_id")
    event_type: str = Field(validation_alias=AliasPath("event", "type"))
    event_id: UUID = Field(validation_alias=AliasPath("event", "public_id"))
    status: str
    attempts: int
    response_code: int | None
    duration_ms: int | None
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    last_error: str
    log: list[AttemptOut]

    _log = field_validator("log", mode="before")(related_list)


class DeliveryPage(CamelSchema):
    items: list[DeliveryOut]
    next_cursor: str | None = None
