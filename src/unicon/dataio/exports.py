"""Which lists export, and their columns: Vietnamese headers over the list API's JSON keys.

A column names a (dotted) key of one item of the list's JSON page, e.g. `customer.name`,
and how to write it: text, a choice shown by its label, a date or time in the business time
zone, a number (money stays an integer number of đồng), a JSON object written as its text.
Exports are keyed by the list's API route; `register(route, ExportList)` adds one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from unicon.core.roles import Role
from unicon.customers.models import CustomerStatus, LocationKind, PaymentTermUnit, StatementCycle
from unicon.dispatch.models import TaskStatus
from unicon.fleet.models import DriverStatus, Ownership, VehicleStatus, VehicleType
from unicon.shipments.models import (
    ContainerType,
    DocumentStatus,
    EventKind,
    FinancialStatus,
    OperationStatus,
    Priority,
)

TEXT, CHOICE, DATE, DATETIME, NUMBER, BOOL, JSON = (
    "text",
    "choice",
    "date",
    "datetime",
    "number",
    "bool",
    "json",
)


@dataclass(frozen=True)
class Col:
    key: str
    header: Any
    kind: str = TEXT
    choices: type[models.TextChoices] | None = None


@dataclass(frozen=True)
class ExportList:
    name: str  # file name stem
    title: Any  # sheet title
    columns: tuple[Col, ...]


def choice(key: str, header: Any, choices: type[models.TextChoices]) -> Col:
    """A column holding one of `choices`, written as its label."""
    return Col(key, header, CHOICE, choices)


SHIPMENTS = ExportList(
    "shipments",
    _("Shipments"),
    (
        Col("number", _("Shipment number")),
        Col("customer.code", _("Customer code")),
        Col("customer.name", _("Customer")),
        Col("type", _("Type")),
        choice("operationStatus", _("Operation status"), OperationStatus),
        choice("documentStatus", _("Document status"), DocumentStatus),
        choice("financialStatus", _("Financial status"), FinancialStatus),
        choice("priority", _("Priority"), Priority),
        Col("plannedStart", _("Planned start"), DATETIME),
        Col("plannedEnd", _("Planned end"), DATETIME),
        Col("actualStart", _("Actual start"), DATETIME),
        Col("actualEnd", _("Actual end"), DATETIME),
        Col("containerNumber", _("Container number")),
        choice("containerType", _("Container type"), ContainerType),
        Col("bookingNumber", _("Booking number")),
        Col("createdByCustomer", _("Requested by the customer"), BOOL),
    ),
)
CUSTOMERS = ExportList(
    "customers",
    _("Customers"),
    (
        Col("code", _("Customer code")),
        Col("name", _("Name")),
        Col("email", _("E-mail")),
        Col("phone", _("Phone")),
        Col("address", _("Address")),
        Col("contactPerson", _("Contact person")),
        Col("taxCode", _("Tax code")),
        Col("paymentTerm", _("Payment term"), NUMBER),
        choice("paymentTermUnit", _("Payment term unit"), PaymentTermUnit),
        choice("statementCycle", _("Statement cycle"), StatementCycle),
        Col("hasVatInvoice", _("Issues VAT invoices"), BOOL),
        choice("status", _("Status"), CustomerStatus),
        Col("createdAt", _("Created at"), DATETIME),
    ),
)
LOCATIONS = ExportList(
    "locations",
    _("Locations"),
    (
        Col("name", _("Name")),
        choice("kind", _("Kind"), LocationKind),
        Col("address", _("Address")),
        Col("province", _("Province / city")),
        Col("latitude", _("Latitude"), NUMBER),
        Col("longitude", _("Longitude"), NUMBER),
        Col("customer.name", _("Customer")),
        Col("contactPerson", _("Contact person")),
        Col("contactPhone", _("Contact phone")),
        Col("isActive", _("Active"), BOOL),
    ),
)
VEHICLES = ExportList(
    "vehicles",
    _("Vehicles"),
    (
        Col("plate", _("Licence plate")),
        choice("vehicleType", _("Type"), VehicleType),
        choice("status", _("Status"), VehicleStatus),
        choice("ownership", _("Ownership"), Ownership),
        Col("owner.name", _("Owning entity")),
        Col("rentalCompany", _("Rented from")),
        Col("brand", _("Brand")),
        Col("manufacturingYear", _("Manufacturing year"), NUMBER),
        Col("inspectionExpiry", _("Inspection valid until"), DATE),
        Col("insuranceExpiry", _("Insurance valid until"), DATE),
        Col("operationPermitExpiry", _("Operation permit valid until"), DATE),
    ),
)
DRIVERS = ExportList(
    "drivers",
    _("Drivers"),
    (
        Col("fullName", _("Full name")),
        Col("phone", _("Phone")),
        Col("user.email", _("E-mail")),
        Col("licenceClass", _("Licence class")),
        Col("licenceNumber", _("Licence number")),
        Col("licenceExpiry", _("Licence valid until"), DATE),
        Col("birthYear", _("Birth year"), NUMBER),
        Col("hometown", _("Hometown")),
        Col("employer.name", _("Employer")),
        choice("status", _("Status"), DriverStatus),
        Col("defaultTractor.plate", _("Default tractor")),
        Col("defaultTrailer.plate", _("Default trailer")),
    ),
)
USERS = ExportList(
    "users",
    _("Users"),
    (
        Col("email", _("E-mail")),
        Col("fullName", _("Full name")),
        Col("phone", _("Phone")),
        choice("role", _("Role"), Role),
        Col("customer.name", _("Customer")),
        Col("isActive", _("Active"), BOOL),
        Col("lastLogin", _("Last login"), DATETIME),
    ),
)
TASKS = ExportList(
    "driver-tasks",
    _("Driver tasks"),
    (
        Col("shipment.number", _("Shipment number")),
        Col("shipment.customer.name", _("Customer")),
        Col("driver.name", _("Driver")),
        Col("tractor.plate", _("Tractor")),
        Col("trailer.plate", _("Trailer")),
        choice("status", _("Status"), TaskStatus),
        Col("sequence", _("Order"), NUMBER),
        Col("plannedStart", _("Planned start"), DATETIME),
        Col("plannedEnd", _("Planned end"), DATETIME),
        Col("startedAt", _("Started at"), DATETIME),
        Col("completedAt", _("Completed at"), DATETIME),
    ),
)
EVENTS = ExportList(
    "shipment-history",
    _("Shipment history"),
    (
        Col("createdAt", _("Time"), DATETIME),
        choice("kind", _("Kind"), EventKind),
        Col("fromStatus", _("From")),
        Col("toStatus", _("To")),
        Col("note", _("Note")),
        Col("actor.email", _("By")),
        Col("latitude", _("Latitude"), NUMBER),
        Col("longitude", _("Longitude"), NUMBER),
    ),
)
AUDIT = ExportList(
    "audit",
    _("Audit trail"),
    (
        Col("createdAt", _("Time"), DATETIME),
        Col("actorLabel", _("By")),
        Col("action", _("Action")),
        Col("objectType", _("Object type")),
        Col("objectId", _("Object id")),
        Col("objectRepr", _("Object")),
        Col("changes", _("Changes"), JSON),
        Col("extra", _("Details"), JSON),
        Col("requestId", _("Request id")),
        Col("ip", _("IP address")),
        Col("userAgent", _("Client")),
    ),
)
DISTANCES = ExportList(
    "distances",
    _("Distances"),
    (
        Col("origin.name", _("Origin")),
        Col("destination.name", _("Destination")),
        Col("km", _("Km"), NUMBER),
        Col("note", _("Note")),
    ),
)

_LISTS: dict[str, ExportList] = {
    "shipments": SHIPMENTS,
    "customers": CUSTOMERS,
    "locations": LOCATIONS,
    "vehicles": VEHICLES,
    "drivers": DRIVERS,
    "users": USERS,
    "dispatch/tasks": TASKS,
    "shipments/<shipment_id>/events": EVENTS,
    "audit": AUDIT,
    "distances": DISTANCES,
}


def register(route: str, export: ExportList) -> None:
    """Make the list API at `/api/<route>` exportable (`<name>` for a path parameter)."""
    _LISTS[route] = export


def export_for(route: str) -> ExportList | None:
    return _LISTS.get(route)
