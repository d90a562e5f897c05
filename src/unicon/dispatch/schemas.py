from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from ninja import Field
from pydantic import AliasPath, field_validator

from unicon.core.dates import Moment
from unicon.core.schemas import CamelSchema, OutSchema, ResolvedSchema, related_list
from unicon.customers.schemas import CustomerRef
from unicon.shipments.labels import data_label
from unicon.shipments.schemas import ShipmentCreateIn


class Ref(OutSchema):
    id: UUID = Field(validation_alias="public_id")


class TaskVehicleRef(Ref):
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
    tractor: TaskVehicleRef
    trailer: TaskVehicleRef | None
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
    default_tractor: TaskVehicleRef | None
    default_trailer: TaskVehicleRef | None


class AvailableVehicle(TaskVehicleRef):
    inspection_expiry: date | None
    insurance_expiry: date | None
    operation_permit_expiry: date | None


class AvailabilityOut(ResolvedSchema):
    date: date
    drivers: list[AvailableDriver]
    tractors: list[AvailableVehicle]
    trailers: list[AvailableVehicle]


class BoardShipment(OutSchema):
    id: UUID
    number: str
    version: int = Field(description="send it back to re-assign")
    customer: str = Field(description="the customer's code")


class BoardPerson(OutSchema):
    id: UUID
    name: str


class BoardTrailer(OutSchema):
    plate: str


class BoardTask(OutSchema):
    """A bar of the timeline: one trip (driver task) of the tractor; times are UTC.
    `late`: not started 30 min after its planned start (or started that late); `overrun`:
    still running after its planned end (or completed after it)."""

    id: UUID
    status: str
    sequence: int
    planned_start: datetime
    planned_end: datetime
    late: bool
    overrun: bool
    shipment: BoardShipment
    driver: BoardPerson
    trailer: BoardTrailer | None


class BoardPaper(OutSchema):
    """A paper to watch on the row: the tractor's (INSPECTION, INSURANCE, OPERATION_PERMIT) or
    its regular driver's LICENCE."""

    paper: str
    expires_on: date
    state: str = Field(description="EXPIRED or EXPIRING_SOON (within 30 days)")


class BoardTractor(OutSchema):
    """A row of the timeline: the tractor, its group, regular driver, papers to watch and
    its trips in the range."""

    id: UUID
    plate: str
    vehicle_type: str
    status: str
    group_key: str
    group: str
    driver: BoardPerson | None = Field(description="the driver who has it as default tractor")
    papers: list[BoardPaper]
    tasks: list[BoardTask]


class BoardOut(OutSchema):
    """One page of tractor rows for [start, end) (`date` + `days` business days) and the
    first requests waiting for a crew (`unassignedNextCursor`: the rest, from
    `GET /api/dispatch/waiting`)."""

    date: date
    days: int
    start: datetime
    end: datetime
    group_by: str
    page: int
    pages: int
    total: int
    limit: int
    tractors: list[BoardTractor]
    unassigned: list[ShipmentRef]
    unassigned_next_cursor: str | None


class BoardAssignIn(CamelSchema):
    """A waiting request dropped on a tractor row: its regular driver and trailer drive it."""

    shipment_id: UUID
    tractor_id: UUID
    version: int | None = Field(None, ge=1)


class TaskStopOut(Ref):
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

    _label = field_validator("label")(data_label)  # a template's label in the reader's language


class DriverShipment(ShipmentRef):
    special_instructions: str
    stops: list[TaskStopOut]

    _stops = field_validator("stops", mode="before")(related_list)


class DriverTaskOut(Ref):
    status: str
    sequence: int
    shipment: DriverShipment
    tractor: TaskVehicleRef
    trailer: TaskVehicleRef | None
    planned_start: datetime
    planned_end: datetime
    instructions: str
    started_at: datetime | None
    completed_at: datetime | None


class StopActionIn(CamelSchema):
    latitude: Decimal | None = Field(None, ge=-90, le=90)
    longitude: Decimal | None = Field(None, ge=-180, le=180)
    note: str = Field("", max_length=1000)
    occurred_at: Moment | None = Field(
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


# --------------------------------------------------------------------------- crew pickers


class ReasonOut(OutSchema):
    """Why not (`dispatch.policies.Reason`): `code` DRIVER_STATUS, VEHICLE_STATUS,
    WRONG_TYPE, PAPER_EXPIRED, BOOKED or RUNNING; `short` the reason without its subject (a
    picker's option: "booked on SHP-… (window)"); `details` its codes, numbers, ISO dates;
    `message` the full sentence the assignment would be refused with, only with `full=true`
    (else "")."""

    code: str
    short: str
    details: dict
    message: str = ""


class PaperWarningOut(OutSchema):
    paper: str = Field(validation_alias="document")
    expires_on: date
    state: str


class CrewDriverOut(OutSchema):
    id: UUID = Field(validation_alias=AliasPath("obj", "public_id"))
    name: str = Field(validation_alias=AliasPath("obj", "user", "full_name"))
    status: str = Field(validation_alias=AliasPath("obj", "status"))
    available: bool
    reasons: list[ReasonOut]
    warnings: list[PaperWarningOut]
    default_tractor_id: UUID | None = Field(
        None, validation_alias=AliasPath("obj", "default_tractor", "public_id")
    )
    default_trailer_id: UUID | None = Field(
        None, validation_alias=AliasPath("obj", "default_trailer", "public_id")
    )


class CrewVehicleOut(OutSchema):
    id: UUID = Field(validation_alias=AliasPath("obj", "public_id"))
    plate: str = Field(validation_alias=AliasPath("obj", "plate"))
    vehicle_type: str = Field(validation_alias=AliasPath("obj", "vehicle_type"))
    status: str = Field(validation_alias=AliasPath("obj", "status"))
    available: bool
    reasons: list[ReasonOut]
    warnings: list[PaperWarningOut]


class CrewCount(OutSchema):
    total: int = Field(description="entries matching the filters")
    available: int = Field(description="of them, available")


class CrewOut(OutSchema):
    """One page of the drivers (not INACTIVE), tractors and trailers for a trip's window
    [start, end) (UTC), available ones first, each with its reasons (empty: available);
    `counts` per list (a list not asked for with `kind` is empty and not counted)."""

    start: datetime
    end: datetime
    page: int
    limit: int | None
    counts: dict[str, CrewCount]
    drivers: list[CrewDriverOut]
    tractors: list[CrewVehicleOut]
    trailers: list[CrewVehicleOut]
