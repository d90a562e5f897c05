"""Request and response schemas of the billing API (camelCase JSON, integer VND)."""

from datetime import date, datetime
from uuid import UUID

from pydantic import Field, field_validator

from unicon.billing.reminders import DAYS_BEFORE
from unicon.core.dates import Day
from unicon.core.numbers import MONEY, POSITIVE_MONEY, QUANTITY, schema_type
from unicon.core.schemas import CamelSchema, related_list

Money = schema_type(MONEY, description="whole đồng (VND), 0..10^15")
PositiveMoney = schema_type(POSITIVE_MONEY, description="whole đồng (VND), 1..10^15")
Quantity = schema_type(QUANTITY, description="whole units, 1..100 000")
DaysBefore = schema_type(DAYS_BEFORE, description="0..60 (0: no early reminder)")


class ChargeTypeIn(CamelSchema):
    code: str | None = None
    name: str | None = None
    default_vat: str | None = None
    is_disbursement: bool = False
    is_active: bool = True


class ChargeTypeOut(CamelSchema):
    code: str
    name: str
    default_vat: str
    is_disbursement: bool
    is_active: bool


class TariffIn(CamelSchema):
    customer_id: UUID | None = None
    shipment_type: str = ""
    from_location_id: UUID | None = None
    from_area: str = ""
    to_location_id: UUID | None = None
    to_area: str = ""
    container_type: str = ""
    price: Money
    vat_rate: str = "8"
    valid_from: Day
    valid_to: Day | None = None
    note: str = ""


class TariffOut(CamelSchema):
    id: UUID = Field(validation_alias="public_id")
    customer_id: UUID | None = Field(None, validation_alias="customer_public_id")
    shipment_type: str
    from_area: str
    to_area: str
    container_type: str
    price: int
    vat_rate: str
    valid_from: date
    valid_to: date | None
    note: str


class ChargeIn(CamelSchema):
    shipment_id: UUID
    kind: str = "EXTRA"
    charge_type: str | None = None
    description: str = ""
    quantity: Quantity = 1
    unit_price: Money
    vat_rate: str | None = None


class ChargeUpdateIn(CamelSchema):
    description: str | None = None
    quantity: Quantity | None = None
    unit_price: Money | None = None
    vat_rate: str | None = None


class ChargeOut(CamelSchema):
    id: UUID = Field(validation_alias="public_id")
    shipment_number: str
    kind: str
    charge_type: str | None = Field(None, validation_alias="charge_type_code")
    description: str
    quantity: int
    unit_price: int
    amount: int
    vat_rate: str
    has_receipt: bool
    dispute_comment: str


class StatementIn(CamelSchema):
    customer_id: UUID
    period_start: Day | None = None
    period_end: Day | None = None


class StatementActionIn(CamelSchema):
    charge_id: UUID | None = None
    comment: str = ""


class StatementOut(CamelSchema):
    id: UUID = Field(validation_alias="public_id")
    number: str
    customer_name: str
    period_start: date
    period_end: date
    status: str
    total: int
    sent_at: datetime | None
    confirmed_at: datetime | None


class StatementDetailOut(StatementOut):
    charges: list[ChargeOut]

    _charges = field_validator("charges", mode="before")(related_list)


class InvoiceIn(CamelSchema):
    customer_id: UUID | None = None
    legal_entity_id: UUID | None = None
    statement_id: UUID | None = None
    charge_ids: list[UUID] = []
    adjusts_id: UUID | None = None


class InvoiceUpdateIn(CamelSchema):
    buyer_name: str | None = None
    buyer_tax_code: str | None = None
    buyer_address: str | None = None
    provider_number: str | None = None


class IssueIn(CamelSchema):
    provider_number: str = ""


class CancelIn(CamelSchema):
    reason: str = ""


class InvoiceLineOut(CamelSchema):
    description: str
    quantity: int
    unit_price: int
    amount: int
    vat_rate: str


class InvoiceOut(CamelSchema):
    id: UUID = Field(validation_alias="public_id")
    number: str
    status: str
    customer_name: str
    seller_name: str
    invoice_series: str
    provider_number: str
    issue_date: date | None
    buyer_name: str
    buyer_tax_code: str
    buyer_address: str
    subtotal: int
    vat_total: int
    total: int
    amount_in_words: str
    cancel_reason: str
    adjusts_number: str | None = None


class InvoiceDetailOut(InvoiceOut):
    lines: list[InvoiceLineOut]

    _lines = field_validator("lines", mode="before")(related_list)


class UnbilledOut(CamelSchema):
    id: UUID = Field(validation_alias="public_id")
    number: str
    customer_name: str
    actual_end: datetime | None
    has_freight: bool


class OpeningBalanceIn(CamelSchema):
    customer_id: UUID
    month: str
    amount: PositiveMoney
    reference: str
    due_date: Day | None = None


class DueDateIn(CamelSchema):
    due_date: Day


class ReceivableOut(CamelSchema):
    id: UUID = Field(validation_alias="public_id")
    customer_name: str
    reference: str
    month: str
    issued_on: date
    due_date: date
    amount: int
    paid_amount: int
    outstanding: int
    status: str


class AllocationIn(CamelSchema):
    receivable_id: UUID
    amount: PositiveMoney


class AllocateIn(CamelSchema):
    """`allocations` omitted or null: oldest due first."""

    allocations: list[AllocationIn] | None = None


class PaymentIn(CamelSchema):
    customer_id: UUID
    paid_on: Day
    amount: PositiveMoney
    method: str
    bank_reference: str = ""
    note: str = ""
    allocations: list[AllocationIn] | None = None


class ReasonIn(CamelSchema):
    reason: str = ""


class PaymentOut(CamelSchema):
    id: UUID = Field(validation_alias="public_id")
    customer_name: str
    paid_on: date
    amount: int
    allocated: int
    credit: int
    method: str
    bank_reference: str
    note: str
    reversed_at: datetime | None
    reversal_reason: str
    proof_count: int


class AgingQuery(CamelSchema):
    as_of: Day | None = None
    customer: UUID | None = None


class AgingRowOut(CamelSchema):
    customer_id: str
    customer_name: str
    buckets: dict[str, int]
    total: int


class AgingOut(CamelSchema):
    as_of: date
    rows: list[AgingRowOut]
    total: AgingRowOut


class AccountLineOut(CamelSchema):
    day: date
    kind: str
    reference: str
    debit: int
    credit: int


class StatementOfAccountOut(CamelSchema):
    start: date
    end: date
    opening: int
    lines: list[AccountLineOut]
    closing: int


class ReminderSettingsIn(CamelSchema):
    enabled: bool = True
    days_before: DaysBefore = 3
    emails: str = ""


class ReminderSettingsOut(CamelSchema):
    enabled: bool
    days_before: int
    emails: str
