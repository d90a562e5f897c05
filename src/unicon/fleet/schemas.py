"""Legal entities, vehicles and drivers in the API (conventions as in customers.schemas)."""

from datetime import date, datetime
from uuid import UUID

from ninja import Field

from unicon.core.dates import Day
from unicon.core.numbers import Bound, schema_type
from unicon.core.pagination import DEFAULT_LIMIT
from unicon.core.schemas import CamelSchema, ResolvedSchema
from unicon.fleet import services
from unicon.fleet.models import (
    BIRTH_YEARS,
    MANUFACTURING_YEARS,
    DriverStatus,
    Ownership,
    VehicleStatus,
    VehicleType,
    format_plate,
)

# Declared for the OpenAPI document; checked by the models' validators (400 naming the field).
ManufacturingYear = schema_type(Bound(*MANUFACTURING_YEARS), int)
BirthYear = schema_type(Bound(*BIRTH_YEARS), int)


class LegalEntityRef(ResolvedSchema):
    id: UUID = Field(validation_alias="public_id")
    code: str
    name: str


class LegalEntityIn(CamelSchema):
    code: str = Field(description="short code, stored upper-case, e.g. UNICON")
    name: str
    tax_code: str = ""
    address: str = ""
    is_active: bool = True


class LegalEntityOut(LegalEntityRef):
    tax_code: str
    address: str
    is_active: bool
    created_at: datetime
    updated_at: datetime


class SearchFilters(CamelSchema):
    q: str | None = None
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None


class ExpiryWarningOut(ResolvedSchema):
    document: str = Field(description="INSPECTION, INSURANCE, OPERATION_PERMIT or LICENCE")
    expires_on: date
    state: str = Field(description="EXPIRED or EXPIRING_SOON (within 30 days)")


class VehicleRef(ResolvedSchema):
    id: UUID = Field(validation_alias="public_id")
    plate: str
    plate_display: str
    vehicle_type: str
    status: str

    @staticmethod
    def resolve_plate_display(vehicle) -> str:
        return format_plate(vehicle.plate)


class VehicleIn(CamelSchema):
    plate: str = Field(description="any written form (51C-123.45); stored as 51C12345")
    vehicle_type: VehicleType
    ownership: Ownership = Ownership.OWN
    owner_id: UUID | None = Field(None, description="legal entity; required when OWN")
    rental_company: str = Field("", description="required when RENTAL")
    status: VehicleStatus = VehicleStatus.IN_USE
    brand: str = ""
    manufacturing_year: ManufacturingYear | None = None
    inspection_expiry: Day | None = None
    insurance_expiry: Day | None = None
    operation_permit_expiry: Day | None = None
    notes: str = ""


class VehicleOut(VehicleRef):
    ownership: str
    owner: LegalEntityRef | None
    rental_company: str
    brand: str
    manufacturing_year: int | None
    inspection_expiry: date | None
    insurance_expiry: date | None
    operation_permit_expiry: date | None
    notes: str
    expiry_warnings: list[ExpiryWarningOut]
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_expiry_warnings(vehicle) -> list:
        return services.expiry_warnings(vehicle)


class VehicleFilters(CamelSchema):
    type: str | None = Field(None, description=", ".join(VehicleType.values))
    status: str | None = Field(None, description=", ".join(VehicleStatus.values))
    ownership: str | None = Field(None, description=", ".join(Ownership.values))
    q: str | None = Field(None, description="part of the plate, in any written form")
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None


class DriverFields(CamelSchema):
    phone: str = Field(description="a mobile number in any written form; stored as 0912345601")
    licence_number: str = ""
    licence_class: str = ""
    licence_expiry: Day
    citizen_id: str = ""
    birth_year: BirthYear | None = None
    hometown: str = ""
    employer_id: UUID | None = None
    status: DriverStatus = DriverStatus.ACTIVE
    default_tractor_id: UUID | None = Field(None, description="a TRACTOR")
    default_trailer_id: UUID | None = Field(None, description="a TRAILER")


class DriverCreateIn(DriverFields):
    user_id: UUID | None = Field(None, description="an existing DRIVER user without a profile")
    email: str | None = Field(None, description="with fullName: a new DRIVER user")
    full_name: str | None = None


class DriverUpdateIn(DriverFields):
    full_name: str | None = Field(None, description="renames the driver's user")


class DriverUserOut(ResolvedSchema):
    id: UUID = Field(validation_alias="public_id")
    email: str
    full_name: str
    is_active: bool


class DriverOut(ResolvedSchema):
    id: UUID = Field(validation_alias="public_id")
    full_name: str
    user: DriverUserOut
    phone: str
    licence_number: str
    licence_class: str
    licence_expiry: date
    citizen_id: str
    birth_year: int | None
    hometown: str
    employer: LegalEntityRef | None
    status: str
    default_tractor: VehicleRef | None
    default_trailer: VehicleRef | None
    expiry_warnings: list[ExpiryWarningOut]
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_expiry_warnings(driver) -> list:
        return services.expiry_warnings(driver)

    @staticmethod
    def resolve_full_name(obj) -> str:
        # a resolver, not alias="user.full_name": ninja resolves dotted aliases through
        # Django's template Variable, 60 µs a row
        return obj.user.full_name


class DriverFilters(CamelSchema):
    status: str | None = Field(None, description=", ".join(DriverStatus.values))
    q: str | None = Field(None, description="words of the name (accents ignored) or the phone")
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None
