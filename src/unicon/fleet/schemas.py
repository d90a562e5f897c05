"""Legal entities, vehicles and drivers in the API (conventions as in customers.schemas)."""

from datetime import date, datetime
from uuid import UUID

from ninja import Field, Schema

from unicon.core.pagination import DEFAULT_LIMIT
from unicon.fleet import services
from unicon.fleet.models import DriverStatus, Ownership, VehicleStatus, VehicleType, format_plate


class LegalEntityRef(Schema):
    id: UUID = Field(alias="public_id")
    code: str
    name: str


class LegalEntityIn(Schema):
    code: str = Field(description="short code, stored upper-case, e.g. UNICON")
    name: str
    taxCode: str = ""
    address: str = ""
    isActive: bool = True


class LegalEntityOut(LegalEntityRef):
    taxCode: str = Field(alias="tax_code")
    address: str
    isActive: bool = Field(alias="is_active")
    createdAt: datetime = Field(alias="created_at")
    updatedAt: datetime = Field(alias="updated_at")


class SearchFilters(Schema):
    q: str | None = None
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None


class ExpiryWarningOut(Schema):
    document: str = Field(description="INSPECTION, INSURANCE, OPERATION_PERMIT or LICENCE")
    expiresOn: date = Field(alias="expires_on")
    state: str = Field(description="EXPIRED or EXPIRING_SOON (within 30 days)")


class VehicleRef(Schema):
    id: UUID = Field(alias="public_id")
    plate: str
    plateDisplay: str
    vehicleType: str = Field(alias="vehicle_type")
    status: str

    @staticmethod
    def resolve_plateDisplay(vehicle) -> str:
        return format_plate(vehicle.plate)


class VehicleIn(Schema):
    plate: str = Field(description="any written form (51C-123.45); stored as 51C12345")
    vehicleType: VehicleType
    ownership: Ownership = Ownership.OWN
    ownerId: UUID | None = Field(None, description="legal entity; required when OWN")
    rentalCompany: str = Field("", description="required when RENTAL")
    status: VehicleStatus = VehicleStatus.IN_USE
    brand: str = ""
    manufacturingYear: int | None = None
    inspectionExpiry: date | None = None
    insuranceExpiry: date | None = None
    operationPermitExpiry: date | None = None
    notes: str = ""


class VehicleOut(VehicleRef):
    ownership: str
    owner: LegalEntityRef | None
    rentalCompany: str = Field(alias="rental_company")
    brand: str
    manufacturingYear: int | None = Field(alias="manufacturing_year")
    inspectionExpiry: date | None = Field(alias="inspection_expiry")
    insuranceExpiry: date | None = Field(alias="insurance_expiry")
    operationPermitExpiry: date | None = Field(alias="operation_permit_expiry")
    notes: str
    expiryWarnings: list[ExpiryWarningOut]
    createdAt: datetime = Field(alias="created_at")
    updatedAt: datetime = Field(alias="updated_at")

    @staticmethod
    def resolve_expiryWarnings(vehicle) -> list:
        return services.expiry_warnings(vehicle)


class VehicleFilters(Schema):
    type: str | None = Field(None, description=", ".join(VehicleType.values))
    status: str | None = Field(None, description=", ".join(VehicleStatus.values))
    ownership: str | None = Field(None, description=", ".join(Ownership.values))
    q: str | None = Field(None, description="part of the plate, in any written form")
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None


class DriverFields(Schema):
    phone: str = Field(description="a mobile number in any written form; stored as 0912345601")
    licenceNumber: str = ""
    licenceClass: str = ""
    licenceExpiry: date
    citizenId: str = ""
    birthYear: int | None = None
    hometown: str = ""
    employerId: UUID | None = None
    status: DriverStatus = DriverStatus.ACTIVE
    defaultTractorId: UUID | None = Field(None, description="a TRACTOR")
    defaultTrailerId: UUID | None = Field(None, description="a TRAILER")


class DriverCreateIn(DriverFields):
    userId: UUID | None = Field(None, description="an existing DRIVER user without a profile")
    email: str | None = Field(None, description="with fullName: a new DRIVER user")
    fullName: str | None = None


class DriverUpdateIn(DriverFields):
    fullName: str | None = Field(None, description="renames the driver's user")


class DriverUserOut(Schema):
    id: UUID = Field(alias="public_id")
    email: str
    fullName: str = Field(alias="full_name")
    isActive: bool = Field(alias="is_active")


class DriverOut(Schema):
    id: UUID = Field(alias="public_id")
    fullName: str
    user: DriverUserOut
    phone: str
    licenceNumber: str = Field(alias="licence_number")
    licenceClass: str = Field(alias="licence_class")
    licenceExpiry: date = Field(alias="licence_expiry")
    citizenId: str = Field(alias="citizen_id")
    birthYear: int | None = Field(alias="birth_year")
    hometown: str
    employer: LegalEntityRef | None
    status: str
    defaultTractor: VehicleRef | None = Field(alias="default_tractor")
    defaultTrailer: VehicleRef | None = Field(alias="default_trailer")
    expiryWarnings: list[ExpiryWarningOut]
    createdAt: datetime = Field(alias="created_at")
    updatedAt: datetime = Field(alias="updated_at")

    @staticmethod
    def resolve_expiryWarnings(driver) -> list:
        return services.expiry_warnings(driver)

    @staticmethod
    def resolve_fullName(obj) -> str:
        # a resolver, not alias="user.full_name": ninja resolves dotted aliases through
        # Django's template Variable, 60 µs a row
        return obj.user.full_name


class DriverFilters(Schema):
    status: str | None = Field(None, description=", ".join(DriverStatus.values))
    q: str | None = Field(None, description="words of the name (accents ignored) or the phone")
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None
