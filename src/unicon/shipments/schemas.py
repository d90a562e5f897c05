from datetime import datetime
from decimal import Decimal
from uuid import UUID

from ninja import Field, Schema
from pydantic import field_validator

from unicon.core.schemas import ActionOut, CamelSchema, OutSchema, action_list, related_list
from unicon.customers.schemas import CustomerRef


class UserRef(OutSchema):
    id: UUID = Field(alias="public_id")
    fullName: str = Field(alias="full_name")


class LocationRef(OutSchema):
    id: UUID = Field(alias="public_id")
    name: str
    kind: str


class StopOut(OutSchema):
    id: UUID = Field(alias="public_id")
    sequence: int
    category: str
    stopType: str = Field(alias="stop_type")
    label: str
    location: LocationRef | None
    locationName: str = Field(alias="location_name")
    address: str
    contactPerson: str = Field(alias="contact_person")
    contactPhone: str = Field(alias="contact_phone")
    plannedArrival: datetime = Field(alias="planned_arrival")
    plannedDeparture: datetime = Field(alias="planned_departure")
    actualArrival: datetime | None = Field(alias="actual_arrival")
    actualDeparture: datetime | None = Field(alias="actual_departure")
    arrivalLatitude: Decimal | None = Field(alias="arrival_latitude")
    arrivalLongitude: Decimal | None = Field(alias="arrival_longitude")
    departureLatitude: Decimal | None = Field(alias="departure_latitude")
    departureLongitude: Decimal | None = Field(alias="departure_longitude")
    requiredPhotos: list[str] = Field(alias="required_photos")
    instructions: str


class ShipmentListOut(OutSchema):
    id: UUID = Field(alias="public_id")
    number: str
    customer: CustomerRef
    type: str = Field(alias="shipment_type")
    operationStatus: str = Field(alias="operation_status")
    documentStatus: str = Field(alias="document_status")
    financialStatus: str = Field(alias="financial_status")
    priority: str
    plannedStart: datetime = Field(alias="planned_start")
    plannedEnd: datetime = Field(alias="planned_end")
    actualStart: datetime | None = Field(alias="actual_start")
    actualEnd: datetime | None = Field(alias="actual_end")
    containerNumber: str = Field(alias="container_number")
    containerType: str = Field(alias="container_type")
    bookingNumber: str = Field(alias="booking_number")
    createdByCustomer: bool = Field(alias="created_by_customer")
    reviewStatus: str = Field(alias="review_status")
    reviewNote: str = Field(alias="review_note")
    version: int


class ShipmentOut(ShipmentListOut):
    billOfLading: str = Field(alias="bill_of_lading")
    specialInstructions: str = Field(alias="special_instructions")
    cancelledReason: str = Field(alias="cancelled_reason")
    createdBy: UserRef | None = Field(alias="created_by")
    createdAt: datetime = Field(alias="created_at")
    updatedAt: datetime = Field(alias="updated_at")
    stops: list[StopOut]
    allowedMoves: list[str] = Field([], alias="allowed_moves")
    allowedDocumentMoves: list[str] = Field([], alias="allowed_document_moves")
    editable: bool = False
    allowedActions: list[ActionOut] = Field([], alias="allowed_actions")
    documentsConfirmedAt: datetime | None = Field(None, alias="documents_confirmed_at")

    _stops = field_validator("stops", mode="before")(related_list)
    _actions = field_validator("allowedActions", mode="before")(action_list)


class DocumentsConfirmationOut(OutSchema):
    """The customer's confirmation that every document arrived (the first one, on repeats)."""

    eventId: UUID = Field(alias="public_id")
    confirmedAt: datetime = Field(alias="created_at")
    confirmedBy: UserRef | None = Field(alias="actor")


class StopIn(CamelSchema):
    sequence: int | None = Field(None, ge=1, le=99)
    location_id: UUID | None = None
    location_name: str = Field("", max_length=255)
    address: str = Field("", max_length=500)
    contact_person: str = Field("", max_length=255)
    contact_phone: str = Field("", max_length=20)
    planned_arrival: datetime | None = None
    planned_departure: datetime | None = None
    category: str | None = Field(None, max_length=16)
    stop_type: str | None = Field(None, max_length=8)
    label: str = Field("", max_length=255)
    instructions: str = ""
    required_photos: list[str] | None = Field(None, max_length=20)


class ShipmentFieldsIn(CamelSchema):
    shipment_type: str = Field("", alias="type", max_length=20)
    priority: str = Field("NORMAL", max_length=6)
    planned_start: datetime
    planned_end: datetime
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


class StatusIn(Schema):
    operationStatus: str | None = Field(None, max_length=20)
    documentStatus: str | None = Field(None, max_length=20)
    note: str = Field("", max_length=2000)


class ReviewIn(CamelSchema):
    """The ops review of a customer's request: decision "accept", "return" or "reject"."""

    decision: str = Field(max_length=10)
    reason: str = Field("", max_length=2000)


class ShipmentFilters(Schema):
    status: str | None = None
    documentStatus: str | None = None
    financialStatus: str | None = None
    priority: str | None = None
    review: str | None = Field(None, description="AWAITING, ACCEPTED, RETURNED or REJECTED")
    customer: str | None = Field(None, description="customer public id")
    type: str | None = None
    dateFrom: str | None = Field(None, description="YYYY-MM-DD (whole day) or ISO datetime")
    dateTo: str | None = Field(None, description="YYYY-MM-DD (whole day) or ISO datetime")
    q: str | None = Field(None, max_length=50)
    vehicle: str | None = None
    driver: str | None = None
    limit: int = Field(50, ge=1, le=200)
    cursor: str | None = None


class EventOut(Schema):
    id: UUID = Field(alias="public_id")
    kind: str
    fromStatus: str = Field(alias="from_status")
    toStatus: str = Field(alias="to_status")
    note: str
    actor: UserRef | None
    stopId: UUID | None = None
    createdAt: datetime = Field(alias="created_at")
    occurredAt: datetime = Field(
        alias="acted_at", description="when it happened (the phone's time when sent offline)"
    )
    late: bool = Field(alias="is_late", description="recorded long after it happened")
    latitude: Decimal | None
    longitude: Decimal | None
    data: dict

    @staticmethod
    def resolve_stopId(obj):
        return obj.stop.public_id if obj.stop_id else None


class TemplateStopOut(Schema):
    sequence: int
    category: str
    stopType: str = Field(alias="stop_type")
    label: str
    requiredPhotos: list[str] = Field(alias="required_photos")
    dwellMinutes: int | None = Field(None, alias="dwell_minutes")
    customerRequiredPhotos: list[str] | None = None

    @staticmethod
    def resolve_customerRequiredPhotos(obj):
        overrides = getattr(obj, "customer_overrides", None)
        return overrides[0].required_photos if overrides else None


class StopTemplateOut(Schema):
    code: str
    name: str
    isActive: bool = Field(alias="is_active")
    stops: list[TemplateStopOut]

    _stops = field_validator("stops", mode="before")(related_list)


class TemplateStopIn(Schema):
    sequence: int | None = Field(None, ge=1, le=99)
    category: str | None = Field(None, max_length=16)
    stop_type: str | None = Field(None, alias="stopType", max_length=8)
    label: str = Field("", max_length=255)
    required_photos: list[str] = Field(default_factory=list, alias="requiredPhotos", max_length=20)
    dwell_minutes: int | None = Field(None, alias="dwellMinutes", ge=0, le=1440)


class StopTemplateIn(Schema):
    name: str | None = Field(None, max_length=100)
    is_active: bool | None = Field(None, alias="isActive")
    stops: list[TemplateStopIn] = Field(max_length=30)


class OverrideStopIn(Schema):
    sequence: int
    required_photos: list[str] | None = Field(None, alias="requiredPhotos", max_length=20)


class OverridesIn(Schema):
    stops: list[OverrideStopIn] = Field(max_length=30)
