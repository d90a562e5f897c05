"""Tariffs, the extra-charge catalogue and the charges of shipments.

Every action checks `policies`, validates, and writes in one transaction with its audit
lines (`core.audit`). Prices are copied from the tariff onto the charge, so a later tariff
change never alters a charge already created. Statements and invoices: `invoicing`.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from unicon.billing import files, invoicing, policies
from unicon.billing.lookups import field_error, one
from unicon.billing.models import (
    Charge,
    ChargeKind,
    ChargeType,
    Tariff,
    VatRate,
)
from unicon.core import audit, display, numbers
from unicon.core.errors import Conflict, NotFound, ValidationFailed
from unicon.customers.models import Customer, Location
from unicon.pods import storage
from unicon.shipments.labels import type_name
from unicon.shipments.models import FinancialStatus, OperationStatus, Shipment


def _vat(value, field: str = "vatRate") -> str:
    if value not in VatRate.values:
        raise field_error(field, _("VAT rate must be one of 0, 5, 8, 10 or NS."))
    return value


# --------------------------------------------------------------------------- charge types


def list_charge_types(user) -> QuerySet[ChargeType]:
    policies.ensure_reader(user)
    return ChargeType.objects.all()


def save_charge_type(user, data: dict, code: str | None = None) -> ChargeType:
    """Create (code None) or update a catalogue entry: {code, name, defaultVat, isDisbursement,
    isActive}. A disbursement type is always "not subject" to VAT."""
    policies.ensure_manager(user)
    with transaction.atomic():
        item = ChargeType() if code is None else _charge_type(code, lock=True)
        if code is None:
            new_code = str(data.get("code") or "").strip().lower()
            if not new_code or ChargeType.objects.filter(code=new_code).exists():
                raise field_error("code", _("Give a new, unique code."))
            item.code = new_code
        item.name = str(data.get("name") or item.name).strip()
        if not item.name:
            raise field_error("name", _("Required."))
        item.is_disbursement = bool(data.get("is_disbursement", item.is_disbursement))
        item.default_vat = _vat(data.get("default_vat") or item.default_vat, "defaultVat")
        if item.is_disbursement:
            item.default_vat = VatRate.NOT_SUBJECT
        item.is_active = bool(data.get("is_active", item.is_active))
        item.save()
    return item


def _charge_type(code, *, lock: bool = False) -> ChargeType:
    rows = ChargeType.objects.select_for_update() if lock else ChargeType.objects
    found = rows.filter(code=code).first()
    if found is None:
        raise NotFound(_("No such charge type."))
    return found


# --------------------------------------------------------------------------- tariffs


def list_tariffs(user) -> QuerySet[Tariff]:
    policies.ensure_manager(user)
    return Tariff.objects.select_related("customer", "from_location", "to_location")


def get_tariff(user, public_id) -> Tariff:
    found = list_tariffs(user).filter(public_id=public_id).first()
    if found is None:
        raise NotFound(_("No such tariff."))
    return found


def _ref(model, value, field: str):
    if value in (None, ""):
        return None
    found = model.objects.filter(public_id=value).first()
    if found is None:
        raise field_error(field, _("Unknown value."))
    return found


def _tariff_fields(tariff: Tariff, data: dict) -> None:
    tariff.customer = _ref(Customer, data.get("customer_id"), "customerId")
    tariff.from_location = _ref(Location, data.get("from_location_id"), "fromLocationId")
    tariff.to_location = _ref(Location, data.get("to_location_id"), "toLocationId")
    for name in ("shipment_type", "from_area", "to_area", "container_type", "note"):
        setattr(tariff, name, str(data.get(name) or "").strip())
    tariff.price = numbers.check(data.get("price"), numbers.MONEY, "price", _("Price (VND)"))
    tariff.vat_rate = _vat(data.get("vat_rate") or VatRate.EIGHT)
    tariff.valid_from = data.get("valid_from")
    tariff.valid_to = data.get("valid_to")
    if not isinstance(tariff.valid_from, date):
        raise field_error("validFrom", _("Give a date."))
    if tariff.valid_to is not None and tariff.valid_to < tariff.valid_from:
        raise field_error("validTo", _("Must not be before the start date."))
    try:
        tariff.full_clean(exclude=["customer", "from_location", "to_location"])
    except Exception as exc:  # Django's ValidationError: report per field
        raise ValidationFailed(_("Invalid tariff."), getattr(exc, "message_dict", {})) from None


def save_tariff(user, data: dict, public_id=None) -> Tariff:
    """Create or replace one tariff line (see `Tariff`); audited. Existing charges keep the
    price they were created with."""
    policies.ensure_manager(user)
    with transaction.atomic():
        tariff = Tariff() if public_id is None else get_tariff(user, public_id)
        _tariff_fields(tariff, data)
        with audit.labelled("tariff.save"):
            tariff.save()
    return tariff


def delete_tariff(user, public_id) -> None:
    """Remove a tariff line; charges made from it keep their prices (their link is cleared)."""
    with transaction.atomic(), audit.labelled("tariff.delete"):
        get_tariff(user, public_id).delete()


@dataclass(frozen=True)
class Route:
    from_location_id: int | None
    from_area: str
    to_location_id: int | None
    to_area: str


def route_of(shipment: Shipment) -> Route:
    """The tariff route of a shipment: its first stop → its last stop (location and province)."""
    stops = list(shipment.stops.select_related("location").order_by("sequence"))
    if not stops:
        return Route(None, "", None, "")
    first, last = stops[0], stops[-1]

    def area(stop) -> str:
        return (stop.location.province if stop.location else "").strip().casefold()

    return Route(first.location_id, area(first), last.location_id, area(last))


def _score(t: Tariff, shipment: Shipment, route: Route) -> int | None:
    """How specifically `t` fits (higher wins), None when it does not fit."""
    checks = [
        (t.from_location_id, route.from_location_id, 8),
        (t.to_location_id, route.to_location_id, 8),
        (t.from_area.casefold(), route.from_area, 4),
        (t.to_area.casefold(), route.to_area, 4),
        (t.shipment_type, shipment.shipment_type, 2),
        (t.container_type, shipment.container_type, 1),
    ]
    score = 32 if t.customer_id else 0
    for wanted, actual, weight in checks:
        if wanted:
            if wanted != actual:
                return None
            score += weight
    return score


def find_tariff(shipment: Shipment) -> Tariff | None:
    """The tariff in effect on the shipment's planned date (Asia/Ho_Chi_Minh): the customer's
    own lines and the company defaults (no customer) whose criteria all match; the most
    specific wins (customer > locations > areas > type > container), then the latest start."""
    day = display.local_day(shipment.planned_start)
    candidates = (
        Tariff.objects.filter(valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .filter(Q(customer_id=shipment.customer_id) | Q(customer__isnull=True))
    )
    route = route_of(shipment)
    scored = [(s, t.valid_from, t.pk, t) for t in candidates if (s := _score(t, shipment, route))]
    return max(scored, key=lambda row: row[:3])[3] if scored else None


# --------------------------------------------------------------------------- charges


def visible_charges(user) -> QuerySet[Charge]:
    policies.ensure_reader(user)
    rows = Charge.objects.select_related("shipment", "shipment__customer", "charge_type")
    return policies.restrict(rows, user, "shipment__customer_id")


def get_charge(user, public_id, *, lock: bool = False) -> Charge:
    return one(visible_charges(user), public_id, _("No such charge."), lock=lock)


def _billable_shipment(user, public_id) -> Shipment:
    if policies.is_customer_user(user):
        raise NotFound(_("No such shipment."))
    shipment = Shipment.objects.select_related("customer").filter(public_id=public_id).first()
    if shipment is None:
        raise NotFound(_("No such shipment."))
    if shipment.operation_status == OperationStatus.CANCELLED:
        raise Conflict(_("A cancelled shipment is not billed."), {"shipment": ["cancelled"]})
    return shipment


def _charge_values(charge: Charge, data: dict) -> None:
    """Fill description/quantity/unit price/VAT from `data` (keys absent keep their value)."""
    if "description" in data:
        charge.description = str(data.get("description") or "").strip()[:255]
    if not charge.description:
        charge.description = charge.charge_type.name if charge.charge_type else ""
    if not charge.description:
        raise field_error("description", _("Required."))
    if "quantity" in data or charge.quantity is None:
        quantity = data.get("quantity", 1)
        charge.quantity = numbers.check(quantity, numbers.QUANTITY, "quantity", _("Quantity"))
    if "unit_price" in data or charge.unit_price is None:
        price = data.get("unit_price")
        charge.unit_price = numbers.check(price, numbers.MONEY, "unitPrice", _("Unit price (VND)"))
    if charge.kind == ChargeKind.DISBURSEMENT:
        charge.vat_rate = VatRate.NOT_SUBJECT
    elif data.get("vat_rate"):
        charge.vat_rate = _vat(data["vat_rate"])
    elif not charge.vat_rate:
        charge.vat_rate = charge.charge_type.default_vat if charge.charge_type else VatRate.EIGHT
    if charge.vat_rate == VatRate.NOT_SUBJECT and charge.kind != ChargeKind.DISBURSEMENT:
        raise field_error("vatRate", _("Only disbursements are not subject to VAT."))
    charge.amount = numbers.check(
        charge.quantity * charge.unit_price,
        numbers.MONEY,
        "unitPrice",
        _("The amount (quantity × unit price)"),
    )


def _after_change(charge: Charge) -> None:
    if charge.statement_id:
        invoicing.refresh_statement_total(charge.statement_id)


def create_charge(user, data: dict, receipt=None) -> Charge:
    """Add a charge to a shipment: {shipment_id, kind, charge_type (code), description,
    quantity (int, 1..`numbers.MAX_QUANTITY`), unit_price (int VND, 0..`numbers.MAX_MONEY`;
    quantity × unit price at most MAX_MONEY too), vat_rate}, optionally with its receipt file
    (checked like `attach_receipt`, stored in the same step). Disbursements take their type's
    "not subject" VAT; 400 with field details on bad input, 403 for OPS adding a freight."""
    kind = data.get("kind") or ChargeKind.EXTRA
    if kind not in ChargeKind.values:
        raise field_error("kind", _("Unknown value."))
    policies.ensure_may_add_charge(user, kind)
    if receipt is not None:
        with files.stored(receipt, "receipts") as (key, found), transaction.atomic():
            charge = create_charge(user, data)
            _set_receipt(charge, key, found)
        return charge
    with transaction.atomic():
        shipment = _billable_shipment(user, data.get("shipment_id"))
        charge = Charge(shipment=shipment, kind=kind, created_by=user, vat_rate="")
        charge.quantity = charge.unit_price = None
        if data.get("charge_type"):
            charge.charge_type = _charge_type(data["charge_type"])
            if charge.charge_type.is_disbursement != (kind == ChargeKind.DISBURSEMENT):
                raise field_error("chargeType", _("This type does not fit the kind of charge."))
        _charge_values(charge, data)
        with audit.labelled("charge.create"):
            charge.save()
    return charge


def update_charge(user, public_id, data: dict) -> Charge:
    """Change description/quantity/unit price/VAT of a charge not yet invoiced (409 if it is);
    each edit is versioned in the audit trail (before/after)."""
    policies.ensure_manager(user)
    with transaction.atomic():
        charge = get_charge(user, public_id, lock=True)
        policies.ensure_charge_editable(charge)
        _charge_values(charge, data)
        with audit.labelled("charge.update"):
            charge.save()
        _after_change(charge)
    return charge


def delete_charge(user, public_id) -> None:
    """Remove a charge not yet invoiced (409 if it is); its receipt file goes after commit."""
    policies.ensure_manager(user)
    with transaction.atomic():
        charge = get_charge(user, public_id, lock=True)
        policies.ensure_charge_editable(charge)
        files.delete_later([charge.receipt_key])
        with audit.labelled("charge.delete"):
            charge.delete()
        _after_change(charge)


def attach_receipt(user, public_id, upload) -> Charge:
    """Attach (or replace) the receipt of a charge: an image or PDF with the same content checks
    as PODs (type sniffed, size limit, PDF integrity). The old file is deleted after commit;
    a failure deletes the new one."""
    charge = get_charge(user, public_id)
    policies.ensure_may_add_charge(user, charge.kind)
    with files.stored(upload, "receipts") as (key, found), transaction.atomic():
        charge = get_charge(user, public_id, lock=True)
        policies.ensure_charge_editable(charge)
        files.delete_later([charge.receipt_key])
        _set_receipt(charge, key, found)
    return charge


def _set_receipt(charge: Charge, key: str, found) -> None:
    charge.receipt_key, charge.receipt_name = key, found.original_name
    charge.receipt_type, charge.receipt_sha256 = found.content_type, found.sha256
    with audit.labelled("charge.receipt"):
        charge.save()


def receipt_file(user, public_id) -> tuple[bytes, str, str]:
    """(bytes, content type, name) of a charge's receipt, after the access check."""
    charge = get_charge(user, public_id)
    if not charge.receipt_key:
        raise NotFound(_("This charge has no receipt."))
    data = storage.read(storage.primary(), charge.receipt_key)
    return data, charge.receipt_type, charge.receipt_name


def price_shipment(shipment: Shipment, actor=None) -> Charge | None:
    """Create the FREIGHT charge of a shipment from its tariff (idempotent: an existing freight
    charge is returned). None when no tariff matches: the shipment then shows "no tariff"."""
    existing = Charge.objects.filter(shipment=shipment, kind=ChargeKind.FREIGHT).first()
    if existing is not None:
        return existing
    tariff = find_tariff(shipment)
    if tariff is None:
        return None
    names = list(shipment.stops.order_by("sequence").values_list("location_name", flat=True))
    route = f"{names[0]} → {names[-1]}" if names else ""
    with translation.override("vi"):  # stored text printed on Vietnamese invoices
        description = _("Transport %(type)s %(route)s") % {
            "type": type_name(shipment.shipment_type),
            "route": route,
        }
    with audit.labelled("charge.price"):
        return Charge.objects.create(
            shipment=shipment,
            kind=ChargeKind.FREIGHT,
            tariff=tariff,
            description=description.strip()[:255],
            quantity=1,
            unit_price=tariff.price,
            amount=tariff.price,
            vat_rate=tariff.vat_rate,
            created_by=actor if getattr(actor, "pk", None) else None,
        )


def price_on_demand(user, shipment_id) -> Charge:
    """`POST …/price`: the freight charge from the tariff; 409 NO_TARIFF-style Conflict when no
    tariff matches (never a silent zero)."""
    policies.ensure_manager(user)
    with transaction.atomic():
        shipment = _billable_shipment(user, shipment_id)
        charge = price_shipment(shipment, user)
    if charge is None:
        raise Conflict(
            _("No tariff matches this shipment; add one or enter the freight by hand."),
            {"tariff": ["none"]},
        )
    return charge


def on_status_changed(sender, shipment, from_status, to_status, actor=None, **kwargs) -> None:
    """Price a shipment when it is delivered (inside the delivering transaction)."""
    if to_status == OperationStatus.DELIVERED:
        price_shipment(shipment, actor)


def unbilled_shipments(user) -> QuerySet[Shipment]:
    """Delivered shipments whose financial status is still NOT_BILLED (none of their charges is
    on an issued invoice; index `shp_unbilled`), annotated `has_freight` (False = no tariff
    matched: listed first on the accounting home)."""
    policies.ensure_manager(user)
    freight = Charge.objects.filter(shipment=OuterRef("pk"), kind=ChargeKind.FREIGHT)
    return (
        Shipment.objects.filter(
            operation_status=OperationStatus.DELIVERED,
            financial_status=FinancialStatus.NOT_BILLED,
        )
        .annotate(has_freight=Exists(freight), customer_name=F("customer__name"))
        .select_related("customer")
    )
