"""Customers and locations in the API: camelCase JSON, public ids, keyset-paginated lists.

Input schemas name their fields as the JSON does, so `PatchDict[...]` keeps them; the API
turns them into model field names (`crud.snake_keys`). Field rules (formats, lengths,
choices) are checked by the models and answer 400 with the field named.
"""

from datetime import datetime
from typing import Literal
from uuid import UUID

from ninja import Field, Schema

from unicon.core.pagination import DEFAULT_LIMIT
from unicon.core.schemas import Latitude, Longitude, OutSchema
from unicon.customers.models import CustomerStatus, LocationKind, PaymentTermUnit, StatementCycle


class CustomerRef(OutSchema):
    id: UUID = Field(alias="public_id")
    code: str
    name: str


class CustomerIn(Schema):
    code: str = Field(description="3-10 letters or digits, stored upper-case")
    name: str
    email: str = ""
    phone: str = Field(
        "",
        description="any written form (+84 28 3823 4567, 028 3823 4567); stored as 02838234567",
    )
    address: str = ""
    contactPerson: str = ""
    taxCode: str = Field("", description="10 or 13 digits (MST)")
    paymentTerm: int = 30
    paymentTermUnit: PaymentTermUnit = PaymentTermUnit.DAYS
    statementCycle: StatementCycle | Literal[""] = ""
    hasVatInvoice: bool = False
    invoiceName: str = ""
    invoiceAddress: str = ""
    status: CustomerStatus = CustomerStatus.ACTIVE


class CustomerOut(Schema):
    id: UUID = Field(alias="public_id")
    code: str
    name: str
    email: str
    phone: str
    address: str
    contactPerson: str = Field(alias="contact_person")
    taxCode: str = Field(alias="tax_code")
    paymentTerm: int = Field(alias="payment_term")
    paymentTermUnit: str = Field(alias="payment_term_unit")
    statementCycle: str = Field(alias="statement_cycle")
    hasVatInvoice: bool = Field(alias="has_vat_invoice")
    invoiceName: str = Field(alias="invoice_name")
    invoiceAddress: str = Field(alias="invoice_address")
    status: str
    createdAt: datetime = Field(alias="created_at")
    updatedAt: datetime = Field(alias="updated_at")


class CustomerFilters(Schema):
    status: str | None = Field(None, description="ACTIVE or INACTIVE")
    q: str | None = Field(None, description="words of the code, name or phone; accents ignored")
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None


class LocationIn(Schema):
    name: str
    kind: LocationKind
    address: str = ""
    province: str = ""
    latitude: Latitude | None = Field(None, description="-90..90, with longitude")
    longitude: Longitude | None = Field(None, description="-180..180, with latitude")
    customerId: UUID | None = Field(
        None, description="owning customer (none: shared); customer users: always their own"
    )
    contactPerson: str = ""
    contactPhone: str = ""
    isActive: bool = True


class LocationOut(Schema):
    id: UUID = Field(alias="public_id")
    name: str
    kind: str
    address: str
    province: str
    latitude: float | None
    longitude: float | None
    customer: CustomerRef | None
    shared: bool = Field(alias="is_shared")
    contactPerson: str = Field(alias="contact_person")
    contactPhone: str = Field(alias="contact_phone")
    isActive: bool = Field(alias="is_active")
    createdAt: datetime = Field(alias="created_at")
    updatedAt: datetime = Field(alias="updated_at")


class LocationFilters(Schema):
    kind: str | None = Field(None, description=", ".join(LocationKind.values))
    customer: str | None = Field(None, description="one customer's own locations (public id)")
    shared: str | None = Field(None, description="true: shared only; false: customers' own")
    q: str | None = Field(None, description="words of the name or address; accents ignored")
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None
