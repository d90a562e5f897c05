"""Create / edit / delete pages for vehicles, drivers, customers and locations.

Each page turns the form into the snake_case dict the service functions take (the same ones
the API calls) and shows the service's message and per-field `details`; the rules (who may
write, what is valid, what may be deleted) live in the services only.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from unicon.core.crud import camel
from unicon.core.errors import NotFound, ServiceError
from unicon.core.permissions import has_role, role_required
from unicon.customers import services as customer_services
from unicon.customers.models import (
    CustomerStatus,
    LocationKind,
    PaymentTermUnit,
    StatementCycle,
)
from unicon.customers.policies import CUSTOMER_DELETERS, CUSTOMER_WRITERS, LOCATION_PAGE_ROLES
from unicon.fleet import services as fleet_services
from unicon.fleet.models import DriverStatus, Ownership, VehicleStatus, VehicleType
from unicon.fleet.policies import FLEET_DELETERS, FLEET_WRITERS
from unicon.web.common import field_errors


@dataclass
class F:
    """One form field: `name` is the service's snake_case key (`*_id` for a reference)."""

    name: str
    label: str
    kind: str = "text"  # text, email, textarea, date, int, decimal, select, ref, bool
    choices: object = None  # list of (value, label) or callable(user) -> list
    required: bool = False
    help: str = ""
    attrs: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The name the service uses in `details` (camelCase, like the API)."""
        return camel(self.name)


def _entities(user):
    return [
        (str(e.public_id), f"{e.code} — {e.name}")
        for e in fleet_services.list_legal_entities(user, limit=200).items
    ]


def _vehicles_of(vehicle_type):
    def options(user):
        page = fleet_services.list_vehicles(user, type=vehicle_type, limit=200)
        return [(str(v.public_id), str(v)) for v in page.items]

    return options


def _customers(user):
    return [
        (str(c.public_id), f"{c.code} — {c.name}")
        for c in customer_services.list_customers(user, limit=200).items
    ]


L = gettext_lazy

VEHICLE_FIELDS = [
    F("plate", L("Plate"), required=True),
    F("vehicle_type", L("Type"), "select", VehicleType.choices, required=True),
    F("ownership", L("Ownership"), "select", Ownership.choices),
    F("owner_id", L("Owner (legal entity)"), "ref", _entities),
    F("rental_company", L("Rented from")),
    F("status", L("Status"), "select", VehicleStatus.choices),
    F("brand", L("Brand")),
    F("manufacturing_year", L("Manufacturing year"), "int"),
    F("inspection_expiry", L("Inspection valid until"), "date"),
    F("insurance_expiry", L("Insurance valid until"), "date"),
    F("operation_permit_expiry", L("Operation permit valid until"), "date"),
    F("notes", L("Notes"), "textarea"),
]

DRIVER_FIELDS = [
    F("full_name", L("Full name"), required=True),
    F("phone", L("Phone"), required=True),
    F("licence_number", L("Licence number")),
    F("licence_class", L("Licence class")),
    F("licence_expiry", L("Licence valid until"), "date", required=True),
    F("citizen_id", L("Citizen ID")),
    F("birth_year", L("Birth year"), "int"),
    F("hometown", L("Hometown")),
    F("employer_id", L("Employer (legal entity)"), "ref", _entities),
    F("status", L("Status"), "select", DriverStatus.choices),
    F("default_tractor_id", L("Default tractor"), "ref", _vehicles_of(VehicleType.TRACTOR)),
    F("default_trailer_id", L("Default trailer"), "ref", _vehicles_of(VehicleType.TRAILER)),
]
DRIVER_NEW_FIELDS = [
    F("email", L("E-mail of the new driver login"), "email", required=True),
    *DRIVER_FIELDS,
]

CUSTOMER_FIELDS = [
    F("code", L("Code"), required=True),
    F("name", L("Name"), required=True),
    F("email", L("E-mail"), "email"),
    F("phone", L("Phone")),
    F("address", L("Address")),
    F("contact_person", L("Contact person")),
    F("tax_code", L("Tax code")),
    F("payment_term", L("Payment term"), "int"),
    F("payment_term_unit", L("Payment term unit"), "select", PaymentTermUnit.choices),
    F(
        "statement_cycle",
        L("Statement cycle"),
        "select",
        [("", "—"), *StatementCycle.choices],
    ),
    F("has_vat_invoice", L("Issues VAT invoices"), "bool"),
    F("invoice_name", L("Name on invoice")),
    F("invoice_address", L("Address on invoice")),
    F("status", L("Status"), "select", CustomerStatus.choices),
]

LOCATION_FIELDS = [
    F("name", L("Name"), required=True),
    F("kind", L("Kind"), "select", LocationKind.choices, required=True),
    F("address", L("Address")),
    F("province", L("Province / city")),
    F("latitude", L("Latitude"), "decimal"),
    F("longitude", L("Longitude"), "decimal"),
    F("customer_id", L("Customer (empty: shared location)"), "ref", _customers),
    F("contact_person", L("Contact person")),
    F("contact_phone", L("Contact phone")),
    F("is_active", L("Active"), "bool"),
]


def _location_fields(user) -> list[F]:
    """Customer users' locations are always their own company's: no customer choice."""
    if user.is_customer:
        return [f for f in LOCATION_FIELDS if f.name != "customer_id"]
    return LOCATION_FIELDS


# --------------------------------------------------------------------------- form engine


def _parse(fields: list[F], post) -> tuple[dict, dict, dict]:
    """(data for the service, raw values to show again, errors of unreadable input)."""
    data, raw, errors = {}, {}, {}
    for f in fields:
        if f.kind == "bool":
            value = post.get(f.name) in ("on", "true", "1")
            data[f.name] = raw[f.name] = value
            continue
        text = (post.get(f.name) or "").strip()
        raw[f.name] = text
        try:
            if f.kind == "date":
                data[f.name] = dt.date.fromisoformat(text) if text else None
            elif f.kind == "int":
                data[f.name] = int(text) if text else None
            elif f.kind == "decimal":
                from decimal import Decimal, InvalidOperation

                try:
                    data[f.name] = Decimal(text.replace(",", ".")) if text else None
                except InvalidOperation:
                    raise ValueError from None
            elif f.kind == "ref":
                data[f.name] = uuid.UUID(text) if text else None
            else:
                data[f.name] = text
        except ValueError:
            errors[f.key] = [_("Enter a valid value.")]
    return data, raw, errors


def _initial(fields: list[F], obj) -> dict:
    values = {}
    for f in fields:
        if f.kind == "ref":
            related = getattr(obj, f.name.removesuffix("_id"))
            values[f.name] = str(related.public_id) if related else ""
        elif f.name == "full_name" and hasattr(obj, "user"):
            values[f.name] = obj.user.full_name
        else:
            value = getattr(obj, f.name)
            if value is None:
                value = ""
            elif isinstance(value, dt.date):
                value = value.isoformat()
            values[f.name] = value
    return values


def _defaults(fields: list[F]) -> dict:
    values = {}
    for f in fields:
        if f.kind == "bool":
            values[f.name] = f.name == "is_active"
        elif f.kind == "select" and f.choices:
            values[f.name] = ""
        else:
            values[f.name] = ""
    return values


def _rows(user, fields: list[F], values: dict, errors: dict) -> list[dict]:
    rows = []
    for f in fields:
        choices = f.choices(user) if callable(f.choices) else f.choices
        if f.kind == "ref":
            choices = [("", "—"), *choices]
        rows.append(
            {
                "f": f,
                "id": f"f-{f.name}",
                "value": values.get(f.name, ""),
                "choices": [(str(v), lbl) for v, lbl in (choices or [])],
                "errors": errors.get(f.key, []),
            }
        )
    return rows


def _form_page(
    request: HttpRequest,
    *,
    fields: list[F],
    save,
    obj=None,
    title: str,
    back: str,
    delete_url: str | None = None,
    edit_url_name: str,
) -> HttpResponse:
    """GET: the form; POST: parse, call `save(data)` (one service call), show its errors."""
    errors: dict = {}
    status = 200
    values = _initial(fields, obj) if obj is not None else _defaults(fields)
    if request.method == "POST":
        data, values, errors = _parse(fields, request.POST)
        if errors:
            messages.error(request, _("Please correct the marked fields."))
            status = 400
        else:
            try:
                saved = save(data)
            except NotFound as exc:
                raise Http404(exc.message) from exc
            except ServiceError as exc:
                messages.error(request, exc.message)
                errors = field_errors(exc)
                status = exc.status if exc.status in (400, 403, 409) else 400
            else:
                messages.success(request, _("Saved."))
                return redirect(edit_url_name, public_id=saved.public_id)
    context = {
        "title": title,
        "rows": _rows(request.user, fields, values, errors),
        "other_errors": {k: v for k, v in errors.items() if k not in {f.key for f in fields}},
        "back": back,
        "delete_url": delete_url,
        "obj": obj,
    }
    return render(request, "web/resources/form.html", context, status=status)


def _get_or_404(getter, user, public_id):
    try:
        return getter(user, public_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _delete(request, deleter, public_id, done: str, edit_url_name: str) -> HttpResponse:
    try:
        deleter(request.user, public_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(edit_url_name, public_id=public_id)
    messages.success(request, _("Deleted."))
    return redirect(done)


# --------------------------------------------------------------------------- vehicles


@role_required(*FLEET_WRITERS)
def vehicle_new(request: HttpRequest) -> HttpResponse:
    return _form_page(
        request,
        fields=VEHICLE_FIELDS,
        save=lambda data: fleet_services.create_vehicle(request.user, data),
        title=_("New vehicle"),
        back="web-vehicles",
        edit_url_name="web-vehicle-edit",
    )


@role_required(*FLEET_WRITERS)
def vehicle_edit(request: HttpRequest, public_id) -> HttpResponse:
    vehicle = _get_or_404(fleet_services.get_vehicle, request.user, public_id)
    return _form_page(
        request,
        fields=VEHICLE_FIELDS,
        obj=vehicle,
        save=lambda data: fleet_services.update_vehicle(request.user, public_id, data),
        title=_("Edit vehicle %(name)s") % {"name": vehicle},
        back="web-vehicles",
        delete_url=_delete_url(request.user, (), "web-vehicle-delete", public_id),
        edit_url_name="web-vehicle-edit",
    )


@require_POST
@role_required(*FLEET_DELETERS)
def vehicle_delete(request: HttpRequest, public_id) -> HttpResponse:
    return _delete(
        request, fleet_services.delete_vehicle, public_id, "web-vehicles", "web-vehicle-edit"
    )


# --------------------------------------------------------------------------- drivers


@role_required(*FLEET_WRITERS)
def driver_new(request: HttpRequest) -> HttpResponse:
    return _form_page(
        request,
        fields=DRIVER_NEW_FIELDS,
        save=lambda data: fleet_services.create_driver(request.user, data),
        title=_("New driver"),
        back="web-drivers",
        edit_url_name="web-driver-edit",
    )


@role_required(*FLEET_WRITERS)
def driver_edit(request: HttpRequest, public_id) -> HttpResponse:
    driver = _get_or_404(fleet_services.get_driver, request.user, public_id)
    return _form_page(
        request,
        fields=DRIVER_FIELDS,
        obj=driver,
        save=lambda data: fleet_services.update_driver(request.user, public_id, data),
        title=_("Edit driver %(name)s") % {"name": driver.user.full_name},
        back="web-drivers",
        delete_url=_delete_url(request.user, (), "web-driver-delete", public_id),
        edit_url_name="web-driver-edit",
    )


@require_POST
@role_required(*FLEET_DELETERS)
def driver_delete(request: HttpRequest, public_id) -> HttpResponse:
    return _delete(
        request, fleet_services.delete_driver, public_id, "web-drivers", "web-driver-edit"
    )


# --------------------------------------------------------------------------- customers


@role_required(*CUSTOMER_WRITERS)
def customer_new(request: HttpRequest) -> HttpResponse:
    return _form_page(
        request,
        fields=CUSTOMER_FIELDS,
        save=lambda data: customer_services.create_customer(request.user, data),
        title=_("New customer"),
        back="web-customers",
        edit_url_name="web-customer-edit",
    )


@role_required(*CUSTOMER_WRITERS)
def customer_edit(request: HttpRequest, public_id) -> HttpResponse:
    customer = _get_or_404(customer_services.get_customer, request.user, public_id)
    return _form_page(
        request,
        fields=CUSTOMER_FIELDS,
        obj=customer,
        save=lambda data: customer_services.update_customer(request.user, public_id, data),
        title=_("Edit customer %(name)s") % {"name": customer.code},
        back="web-customers",
        delete_url=_delete_url(request.user, CUSTOMER_DELETERS, "web-customer-delete", public_id),
        edit_url_name="web-customer-edit",
    )


@require_POST
@role_required(*CUSTOMER_DELETERS)
def customer_delete(request: HttpRequest, public_id) -> HttpResponse:
    return _delete(
        request,
        customer_services.delete_customer,
        public_id,
        "web-customers",
        "web-customer-edit",
    )


# --------------------------------------------------------------------------- locations


def _locations_home(user) -> str:
    return "customer-locations" if user.is_customer else "web-locations"


@role_required(*LOCATION_PAGE_ROLES)
def location_new(request: HttpRequest) -> HttpResponse:
    return _form_page(
        request,
        fields=_location_fields(request.user),
        save=lambda data: customer_services.create_location(request.user, data),
        title=_("New location"),
        back=_locations_home(request.user),
        edit_url_name="web-location-edit",
    )


@role_required(*LOCATION_PAGE_ROLES)
def location_edit(request: HttpRequest, public_id) -> HttpResponse:
    location = _get_or_404(customer_services.get_location, request.user, public_id)
    return _form_page(
        request,
        fields=_location_fields(request.user),
        obj=location,
        save=lambda data: customer_services.update_location(request.user, public_id, data),
        title=_("Edit location %(name)s") % {"name": location.name},
        back=_locations_home(request.user),
        delete_url=_delete_url(request.user, LOCATION_PAGE_ROLES, "web-location-delete", public_id),
        edit_url_name="web-location-edit",
    )


@require_POST
@role_required(*LOCATION_PAGE_ROLES)
def location_delete(request: HttpRequest, public_id) -> HttpResponse:
    return _delete(
        request,
        customer_services.delete_location,
        public_id,
        _locations_home(request.user),
        "web-location-edit",
    )


def _delete_url(user, roles, name: str, public_id) -> str | None:
    """The delete button is shown to the roles whose delete page is open (ADMIN always)."""
    from django.urls import reverse

    return reverse(name, kwargs={"public_id": public_id}) if has_role(user, roles) else None
