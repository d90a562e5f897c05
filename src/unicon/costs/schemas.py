"""Request and response shapes of the costs API (camelCase JSON; money integer VND)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import Field, field_validator

from unicon.core import numbers
from unicon.core.dates import Day, Moment
from unicon.core.schemas import CamelSchema, related_list

PUBLIC_ID = Field(validation_alias="public_id")
# Declared for the OpenAPI document; the services check them (400 naming the field).
Litres = numbers.schema_type(numbers.LITRES, Decimal, "litres, up to 3 decimals")
FuelPrice = numbers.schema_type(numbers.FUEL_PRICE, int, "đồng per litre")
Money = numbers.schema_type(numbers.MONEY, int, "whole đồng (VND)")
Km = numbers.schema_type(numbers.ODOMETER_KM, int, "km")
LineQuantity = numbers.schema_type(numbers.DECIMAL_QUANTITY, Decimal, "up to 3 decimals")


class CostRef(CamelSchema):
    id: UUID = PUBLIC_ID
    label: str = Field(validation_alias="__str__")

    @field_validator("label", mode="before")
    @classmethod
    def _label(cls, value):
        return value() if callable(value) else str(value)


class PurchaseFileOut(CamelSchema):
    id: UUID = PUBLIC_ID
    kind: str
    original_name: str
    content_type: str
    size: int
    uploaded_at: datetime
    url: str


class PurchaseReviewIn(CamelSchema):
    status: Literal["CONFIRMED", "REJECTED"]
    reason: str = ""


class _LogOut(CamelSchema):
    id: UUID = PUBLIC_ID
    vehicle: CostRef
    driver: CostRef | None
    odometer_km: int | None
    notes: str
    status: str
    rejection_reason: str
    reviewed_at: datetime | None
    created_at: datetime
    files: list[PurchaseFileOut]

    _files = field_validator("files", mode="before")(related_list)


class FuelLogIn(CamelSchema):
    vehicle_id: UUID
    filled_at: Moment
    litres: Litres
    unit_price: FuelPrice
    amount: Money | None = None
    odometer_km: Km | None = None
    station: str = Field(default="", max_length=255)
    driver_id: UUID | None = None
    notes: str = Field(default="", max_length=2000)


class FuelLogOut(_LogOut):
    filled_at: datetime
    litres: Decimal
    unit_price: int
    amount: int
    station: str
    distance_km: int | None
    consumption: Decimal | None
    usual_consumption: Decimal | None
    odometer_backwards: bool
    consumption_abnormal: bool


class RepairLineIn(CamelSchema):
    kind: Literal["PART", "LABOUR"]
    description: str = Field(min_length=1, max_length=255)
    quantity: LineQuantity
    unit_price: Money


class RepairLineOut(RepairLineIn):
    amount: int


class RepairLogIn(CamelSchema):
    vehicle_id: UUID
    repaired_on: Day
    lines: list[RepairLineIn] = Field(min_length=1, max_length=100)
    garage: str = Field(default="", max_length=255)
    odometer_km: Km | None = None
    next_service_on: Day | None = None
    next_service_km: Km | None = None
    driver_id: UUID | None = None
    notes: str = Field(default="", max_length=2000)


class RepairLogOut(_LogOut):
    repaired_on: date
    garage: str
    total: int
    next_service_on: date | None
    next_service_km: int | None
    lines: list[RepairLineOut]

    _lines = field_validator("lines", mode="before")(related_list)


class PurchaseLineOut(CamelSchema):
    position: int
    description: str
    unit: str
    quantity: Decimal | None
    unit_price: Decimal | None
    amount: int
    vat_rate: str


class Issue(CamelSchema):
    code: str
    message: str


class PurchaseInvoiceOut(CamelSchema):
    id: UUID = PUBLIC_ID
    source: str
    status: str
    ocr_status: str
    ocr_message: str
    ocr_fields: dict
    typed_fields: list[str]
    issues: list[Issue]
    legal_entity: CostRef | None
    series: str
    number: str
    issue_date: date | None
    seller_name: str
    seller_tax_code: str
    seller_address: str
    buyer_name: str
    buyer_tax_code: str
    currency: str
    subtotal: int | None
    vat_rate: str
    vat_amount: int | None
    total: int | None
    total_in_words: str
    plate: str
    vehicle: CostRef | None
    shipment: CostRef | None
    description: str
    rejection_reason: str
    reviewed_at: datetime | None
    created_at: datetime
    lines: list[PurchaseLineOut]
    files: list[PurchaseFileOut]

    _lists = field_validator("lines", "files", mode="before")(related_list)


class PurchaseInvoiceUpdateIn(CamelSchema):
    """Only the keys sent change; `vehicleId`/`shipmentId` null unassign (both null =
    overhead)."""

    series: str | None = Field(default=None, max_length=20)
    number: str | None = Field(default=None, max_length=20)
    issue_date: Day | None = None
    seller_name: str | None = Field(default=None, max_length=400)
    seller_tax_code: str | None = Field(default=None, max_length=14)
    buyer_tax_code: str | None = Field(default=None, max_length=14)
    subtotal: Money | None = None
    vat_rate: str | None = Field(default=None, max_length=10)
    vat_amount: Money | None = None
    total: Money | None = None
    plate: str | None = Field(default=None, max_length=16)
    description: str | None = Field(default=None, max_length=500)
    vehicle_id: UUID | None = None
    shipment_id: UUID | None = None


class TruckMarginOut(CamelSchema):
    vehicle: CostRef
    trips: int
    km: int
    fuel_litres: Decimal
    fuel_cost: int
    consumption: Decimal | None
    repair_cost: int
    other_cost: int
    cost: int
    revenue: int | None
    margin: int | None
    cost_per_km: int | None


class MarginTotalsOut(CamelSchema):
    trips: int
    km: int
    fuel_litres: Decimal
    fuel_cost: int
    repair_cost: int
    other_cost: int
    cost: int
    revenue: int | None
    margin: int | None


class MarginOut(CamelSchema):
    date_from: date
    date_to: date
    include_unconfirmed: bool
    revenue_available: bool
    trucks: list[TruckMarginOut]
    totals: MarginTotalsOut
    top: list[CostRef]
    bottom: list[CostRef]
