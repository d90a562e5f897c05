from datetime import datetime
from decimal import Decimal
from uuid import UUID

from ninja import Field
from pydantic import field_validator

from unicon.core.dates import Moment
from unicon.core.schemas import (
    ActionOut,
    CamelSchema,
    OutSchema,
    ResolvedSchema,
    action_list,
    related_list,
)
from unicon.customers.schemas import CustomerRef
from unicon.shipments import labels, notes


class UserRef(OutSchema):
    id: UUID = Field(validation_alias="public_id")
    full_name: str


class LocationRef(OutSchema):
    id: UUID = Field(validation_alias="public_id")
    name: str
    kind: str


class StopOut(OutSchema):
    id: UUID = Field(validation_alias="public_id")
    sequence: int
    category: str
    stop_type: str
    label: str  # a built-in (template) label in the reader's language, a typed one as typed
    location: LocationRef | None
    location_name: str
    address: str
    contact_person: str
    contact_phone: str
    planned_arrival: datetime
    planned_departure: datetime
    actual_arrival: datetime | None
    actual_departure: datetime | None
    arrival_latitude: Decimal | None
    arrival_longitude: Decimal | None
    departure_latitude: Decimal | None
    departure_longitude: Decimal | None
    required_photos: list[str]
    instructions: str

    _label = field_validator("label")(labels.data_label)


class ShipmentListOut(OutSchema):
    id: UUID = Field(validation_alias="public_id")
    number: str
    customer: CustomerRef
    type: str = Field(validation_alias="shipment_type")
    operation_status: str
    document_status: str
    financial_status: str
    priority: str
    planned_start: datetime
    planned_end: datetime
    actual_start: datetime | None
    actual_end: datetime | None
    container_number: str
    container_type: str
    booking_number: str
    created_by_customer: bool
    review_status: str
    review_note: str
    version: int


class ShipmentOut(ShipmentListOut):
    bill_of_lading: str
    special_instructions: str
    cancelled_reason: str
    created_by: UserRef | None
    created_at: datetime
    updated_at: datetime
    stops: list[StopOut]
    allowed_moves: list[str] = []
    allowed_document_moves: list[str] = []
    editable: bool = False
    allowed_actions: list[ActionOut] = []
    documents_confirmed_at: datetime | None = None

    _stops = field_validator("stops", mode="before")(related_list)
    _actions = field_validator("allowed_actions", mode="before")(action_list)


class DocumentsConfirmationOut(OutSchema):
    """The customer's confirmation that every document arrived (the first one, on repeats)."""

    event_id: UUID = Field(validation_alias="public_id")
    confirmed_at: datetime = Field(validation_alias="created_at")
    confirmed_by: UserRef | None = Field(validation_alias="actor")


class StopIn(CamelSchema):
    sequence: int | None = Field(None, ge=1, le=99)
    location_id: UUID | None = None
    location_name: str = Field("", max_length=255)
    address: str = Field("", max_length=500)
    contact_person: str = Field("", max_length=255)
    contact_phone: str = Field("", max_length=20)
    planned_arrival: Moment | None = None
    planned_departure: Moment | None = None
    category: str | None = Field(None, max_length=16)
    stop_type: str | None = Field(None, max_length=8)
    label: str = Field("", max_length=255)
    instructions: str = ""
    required_photos: list[str] | None = Field(None, max_length=20)


class ShipmentFieldsIn(CamelSchema):
    shipment_type: str = Field("", alias="type", max_length=20)
    priority: str = Field("NORMAL", max_length=6)
    planned_start: Moment
    planned_end: Moment
    container_number: str = Field("", max_length=20)
    container_type: str = Field("", max_length=16)
    booking_number: str = Field("", max_length=50)
    bill_of_lading: str = Field("", max_length=50)
    special_instructions: str = ""
    stops: list[StopIn] | None = None
    confirm_container: bool = Field(
        False, description="true: save although the container is on another active shipment then"
    )


class ShipmentCreateIn(ShipmentFieldsIn):
    customer_id: UUID | None = None


class ShipmentUpdateIn(ShipmentFieldsIn):
    version: int | None = None


class StatusIn(CamelSchema):
    operation_status: str | None = Field(None, max_length=20)
    document_status: str | None = Field(None, max_length=20)
    note: str = Field("", max_length=2000)


class ReviewIn(CamelSchema):
    """The ops review of a customer's request: decision "accept", "return" or "reject"."""

    decision: str = Field(max_length=10)
    reason: str = Field("", max_length=2000)


class ShipmentFilters(CamelSchema):
    status: str | None = None
    document_status: str | None = None
    financial_status: str | None = None
    priority: str | None = None
    review: str | None = Field(None, description="AWAITING, ACCEPTED, RETURNED or REJECTED")
    customer: str | None = Field(None, description="customer public id")
    type: str | None = None
    date_from: str | None = Field(None, description="YYYY-MM-DD (whole day) or ISO datetime")
    date_to: str | None = Field(None, description="YYYY-MM-DD (whole day) or ISO datetime")
    q: str | None = Field(None, max_length=50)
    vehicle: str | None = None
    driver: str | None = None
    limit: int = Field(50, ge=1, le=200)
    cursor: str | None = None


class EventOut(ResolvedSchema):
    id: UUID = Field(validation_alias="public_id")
    kind: str
    from_status: str
    to_status: str
    note: str
    actor: UserRef | None
    stop_id: UUID | None = None
    created_at: datetime
    occurred_at: datetime = Field(
        validation_alias="acted_at",
        description="when it happened (the phone's time when sent offline)",
    )
    late: bool = Field(validation_alias="is_late", description="recorded long after it happened")
    latitude: Decimal | None
    longitude: Decimal | None
    data: dict

    @staticmethod
    def resolve_note(obj):
        return notes.note_text(obj.note, obj.data)

    @staticmethod
    def resolve_stop_id(obj):
        return obj.stop.public_id if obj.stop_id else None


class TemplateStopOut(ResolvedSchema):
    sequence: int
    category: str
    stop_type: str
    label: str
    required_photos: list[str]
    dwell_minutes: int | None = None
    customer_required_photos: list[str] | None = None

    @staticmethod
    def resolve_customer_required_photos(obj):
        overrides = getattr(obj, "customer_overrides", None)
        return overrides[0].required_photos if overrides else None

    _label = field_validator("label")(labels.data_label)


class StopTemplateOut(ResolvedSchema):
    code: str
    name: str
    is_active: bool
    stops: list[TemplateStopOut]

    _stops = field_validator("stops", mode="before")(related_list)


class TemplateStopIn(CamelSchema):
    sequence: int | None = Field(None, ge=1, le=99)
    category: str | None = Field(None, max_length=16)
    stop_type: str | None = Field(None, max_length=8)
    label: str = Field("", max_length=255)
    required_photos: list[str] = Field(default_factory=list, max_length=20)
    dwell_minutes: int | None = Field(None, ge=0, le=1440)


class StopTemplateIn(CamelSchema):
    name: str | None = Field(None, max_length=100)
    is_active: bool | None = None
    stops: list[TemplateStopIn] = Field(max_length=30)


class OverrideStopIn(CamelSchema):
    sequence: int
    required_photos: list[str] | None = Field(None, max_length=20)


class OverridesIn(CamelSchema):
    stops: list[OverrideStopIn] = Field(max_length=30)
