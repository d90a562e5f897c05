from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from ninja import Field
from pydantic import AliasPath, field_validator

from unicon.core.schemas import CamelSchema, OutSchema, ResolvedSchema, related_list
from unicon.customers.schemas import CustomerRef
from unicon.shipments.schemas import ShipmentCreateIn


class Ref(OutSchema):
    id: UUID = Field(validation_alias="public_id")


class VehicleRef(Ref):
    plate: str
    vehicle_type: str
    status: str


class DriverRef(Ref):
    name: str = Field(validation_alias=AliasPath("user", "full_name"))
    phone: str
    status: str


class ShipmentRef(Ref):
    number: str
    status: str = Field(validation_alias="operation_status")
    shipment_type: str
    customer: CustomerRef
    planned_start: datetime
    planned_end: datetime
    container_number: str
    version: int


class TaskOut(Ref):
    status: str
    sequence: int
    shipment: ShipmentRef
    driver: DriverRef
    tractor: VehicleRef
    trailer: VehicleRef | None
    planned_start: datetime
    planned_end: datetime
    instructions: str
    started_at: datetime | None
    completed_at: datetime | None
    closed_at: datetime | None
    close_reason: str
    created_at: datetime


class DispatchIn(CamelSchema):
    driver_id: UUID
    tractor_id: UUID
    trailer_id: UUID | None = None
    instructions: str = Field("", max_length=2000)
    sequence: int | None = Field(None, ge=1, le=1000)
    version: int | None = Field(None, ge=1)
    confirm_container: bool = Field(
        False, description="true: dispatch although the container is on another active shipment"
    )


class HandOverIn(CamelSchema):
    """The new crew of a running trip and why (a breakdown, an ill driver, …)."""

    driver_id: UUID
    tractor_id: UUID
    trailer_id: UUID | None = None
    reason: str = Field(max_length=255)
    instructions: str = Field("", max_length=2000)
    version: int | None = Field(None, ge=1)


class UnassignIn(CamelSchema):
    version: int | None = Field(None, ge=1)
    reason: str = Field("", max_length=200)


class UnassignOut(ResolvedSchema):
    shipment: ShipmentRef


class OrderIn(CamelSchema):
    task_ids: list[UUID] = Field(max_length=500)


class MoveIn(CamelSchema):
    """One open task of the driver, one place up or down."""

    task_id: UUID
    direction: Literal["up", "down"]


class AvailableDriver(DriverRef):
    licence_expiry: date
    default_tractor: VehicleRef | None
    default_trailer: VehicleRef | None


class AvailableVehicle(VehicleRef):
    inspection_expiry: date | None
    insurance_expiry: date | None
    operation_permit_expiry: date | None


class AvailabilityOut(ResolvedSchema):
    date: date
    drivers: list[AvailableDriver]
    tractors: list[AvailableVehicle]
    trailers: list[AvailableVehicle]


class BoardTask(Ref):
    status: str
    sequence: int
    shipment: ShipmentRef
    driver: DriverRef
    trailer: VehicleRef | None
    planned_start: datetime
    planned_end: datetime
    instructions: str


class BoardTractor(VehicleRef):
    tasks: list[BoardTask] = Field(validation_alias="day_tasks")


class BoardOut(ResolvedSchema):
    date: date
    tractors: list[BoardTractor]
    unassigned: list[ShipmentRef]


class StopOut(Ref):
    sequence: int
    category: str
    stop_type: str
    label: str
    location_name: str
    address: str
    contact_person: str
    contact_phone: str
    planned_arrival: datetime
    planned_departure: datetime
    actual_arrival: datetime | None
    actual_departure: datetime | None
    required_photos: list[str]
    instructions: str


class DriverShipment(ShipmentRef):
    special_instructions: str
    stops: list[StopOut]

    _stops = field_validator("stops", mode="before")(related_list)


class DriverTaskOut(Ref):
    status: str
    sequence: int
    shipment: DriverShipment
    tractor: VehicleRef
    trailer: VehicleRef | None
    planned_start: datetime
    planned_end: datetime
    instructions: str
    started_at: datetime | None
    completed_at: datetime | None


class StopActionIn(CamelSchema):
    latitude: Decimal | None = Field(None, ge=-90, le=90)
    longitude: Decimal | None = Field(None, ge=-180, le=180)
    note: str = Field("", max_length=1000)
    occurred_at: datetime | None = Field(
        None,
        description="when the driver acted, if earlier than now (sent after being offline); "
        "refused in the future, older than OFFLINE_MAX_AGE_HOURS or out of stop order",
    )


class QuickDispatchIn(ShipmentCreateIn):
    """A new shipment (the fields of `POST /api/shipments`) plus its crew."""

    driver_id: UUID
    tractor_id: UUID
    trailer_id: UUID | None = None
    instructions: str = Field("", max_length=2000)
