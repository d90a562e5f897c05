"""Customers and locations in the API: camelCase JSON, public ids, keyset-paginated lists.

Input schemas name their fields as the JSON does, so `PatchDict[...]` keeps them; the API
turns them into model field names (`crud.snake_keys`). Field rules (formats, lengths,
choices) are checked by the models and answer 400 with the field named.
"""

from datetime import datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from ninja import Field

from unicon.core.numbers import Bound, schema_type
from unicon.core.pagination import DEFAULT_LIMIT
from unicon.core.schemas import CamelSchema, Latitude, Longitude, OutSchema, ResolvedSchema
from unicon.customers.models import (
    MAX_PAYMENT_TERM,
    CustomerStatus,
    LocationKind,
    PaymentTermUnit,
    StatementCycle,
)

# Declared for the OpenAPI document; checked by the model's validators (400 naming the field).
PaymentTerm = schema_type(Bound(1, MAX_PAYMENT_TERM), int, "days or months (paymentTermUnit)")


class CustomerRef(OutSchema):
    id: UUID = Field(validation_alias="public_id")
    code: str
    name: str


class CustomerIn(CamelSchema):
    code: str = Field(description="3-10 letters or digits, stored upper-case")
    name: str
    email: str = ""
    phone: str = Field(
        "",
        description="any written form (+84 28 3823 4567, 028 3823 4567); stored as 02838234567",
    )
    address: str = ""
    contact_person: str = ""
    tax_code: str = Field("", description="10 or 13 digits (MST)")
    payment_term: PaymentTerm = 30
    payment_term_unit: PaymentTermUnit = PaymentTermUnit.DAYS
    statement_cycle: StatementCycle | Literal[""] = ""
    has_vat_invoice: bool = False
    invoice_name: str = ""
    invoice_address: str = ""
    status: CustomerStatus = CustomerStatus.ACTIVE


class CustomerOut(ResolvedSchema):
    id: UUID = Field(validation_alias="public_id")
    code: str
    name: str
    email: str
    phone: str
    address: str
    contact_person: str
    tax_code: str
    payment_term: int
    payment_term_unit: str
    statement_cycle: str
    has_vat_invoice: bool
    invoice_name: str
    invoice_address: str
    status: str
    created_at: datetime
    updated_at: datetime


class CustomerFilters(CamelSchema):
    status: str | None = Field(None, description="ACTIVE or INACTIVE")
    q: str | None = Field(None, description="words of the code, name or phone; accents ignored")
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None


class LocationIn(CamelSchema):
    name: str
    kind: LocationKind
    address: str = ""
    province: str = ""
    latitude: Latitude | None = Field(None, description="-90..90, with longitude")
    longitude: Longitude | None = Field(None, description="-180..180, with latitude")
    customer_id: UUID | None = Field(
        None, description="owning customer (none: shared); customer users: always their own"
    )
    contact_person: str = ""
    contact_phone: str = ""
    is_active: bool = True


class LocationOut(ResolvedSchema):
    id: UUID = Field(validation_alias="public_id")
    name: str
    kind: str
    address: str
    province: str
    latitude: float | None
    longitude: float | None
    customer: CustomerRef | None
    shared: bool = Field(validation_alias="is_shared")
    contact_person: str
    contact_phone: str
    is_active: bool
    created_at: datetime
    updated_at: datetime


class LocationFilters(CamelSchema):
    kind: str | None = Field(None, description=", ".join(LocationKind.values))
    customer: str | None = Field(None, description="one customer's own locations (public id)")
    shared: str | None = Field(None, description="true: shared only; false: customers' own")
    q: str | None = Field(None, description="words of the name or address; accents ignored")
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None


class PlaceRef(OutSchema):
    id: UUID = Field(validation_alias="public_id")
    name: str


class DistanceIn(CamelSchema):
    origin_id: UUID = Field(description="one end (location public id)")
    destination_id: UUID = Field(description="the other end; the pair is the same both ways")
    km: Decimal = Field(description="road distance in km, 0.1-5000, kept to one decimal")
    note: str = ""


class DistanceOut(ResolvedSchema):
    id: UUID = Field(validation_alias="public_id")
    origin: PlaceRef
    destination: PlaceRef
    km: float = Field(description="km")
    note: str
    created_at: datetime
    updated_at: datetime


class DistanceFilters(CamelSchema):
    location: UUID | None = Field(None, description="distances from or to this location")
    q: str | None = Field(None, description="words of either end's name; accents ignored")
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None


class PlannedKmOut(OutSchema):
    """A route's planned km: `km` the sum of the legs whose distance is recorded (null when
    none is), `legs` between consecutive stops, `knownLegs` of them counted."""

    km: float | None
    legs: int
    known_legs: int
