"""Fuel and repair logs: entry (with photos), edit, review, consumption (DOMAIN.md §2.15, §4.10).

Every action runs in one transaction with its files (see `files.writing`).
"""

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from unicon.core import audit, display, filtering, numbers
from unicon.core.crud import get_or_404, reference
from unicon.core.errors import ValidationFailed
from unicon.core.pagination import Page, keyset_page
from unicon.core.roles import Role
from unicon.costs import files, policies
from unicon.costs.filters import FuelLogFilter, RepairLogFilter
from unicon.costs.models import FuelLog, RepairLine, RepairLog, ReviewStatus
from unicon.fleet.models import Driver, Vehicle

HALF_MILLILITRE = Decimal("0.0005")
#: The largest L/100 km a fill's figure column holds (7 digits, 2 decimals).
MAX_CONSUMPTION = Decimal("99999.99")


def round_vnd(value: Decimal) -> int:
    """Whole đồng, half up (DOMAIN.md §6.5 leaves the rule open; this is the decision)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def amount_tolerance(unit_price: int) -> Decimal:
    """How far a receipt's amount may be from litres × price: pumps show litres to 3 decimals,
    so the true volume is up to 0.0005 L either side, plus half a đồng of rounding."""
    return unit_price * HALF_MILLILITRE + Decimal("0.5")


def check_fuel_amount(litres: Decimal, unit_price: int, amount: int | None) -> int:
    """The amount of a fill in VND: `amount` when it matches litres × unit price within
    `amount_tolerance`, round(litres × price) when `amount` is None; else ValidationFailed."""
    exact = litres * unit_price
    if amount is None:
        return round_vnd(exact)
    if abs(Decimal(amount) - exact) > amount_tolerance(unit_price):
        raise ValidationFailed(
            _("The amount %(amount)s đ does not match %(litres)s L × %(price)s đ = %(exact)s đ.")
            % {
                "amount": display.grouped(amount),
                "litres": display.quantity(litres),
                "price": display.grouped(unit_price),
                "exact": display.grouped(round_vnd(exact)),
            },
            {
                "amount": [
                    _("Expected about %(exact)s.") % {"exact": display.grouped(round_vnd(exact))}
                ]
            },
        )
    return amount


# --------------------------------------------------------------------------- consumption


def _median(values: list[Decimal]) -> Decimal:
    return Decimal(statistics.median(values)).quantize(Decimal("0.01"))


def recompute_consumption(vehicle: Vehicle) -> None:
    """Distance, L/100 km and flags of every non-rejected fill of `vehicle`, in time order.

    A fill's litres cover the km driven since the previous fill (full-tank method):
    L/100 km = litres × 100 / (odometer − previous odometer). The odometer going backwards
    (or staying put) gives no figure and flags the fill. A fill is abnormal when its figure
    is above `COSTS_FUEL_ABNORMAL_RATIO` × the median of the vehicle's previous
    `COSTS_FUEL_USUAL_WINDOW` figures (needs at least 3 of them); a figure above
    `MAX_CONSUMPTION` (an odometer typo) is not kept and flags the fill. Rejected fills are
    ignored and carry no figures. Cost: one read and one bulk update of this vehicle's fills.
    """
    ratio = Decimal(str(settings.COSTS_FUEL_ABNORMAL_RATIO))
    window = settings.COSTS_FUEL_USUAL_WINDOW
    rows = list(
        FuelLog.objects.filter(vehicle=vehicle).order_by("filled_at", "id").only(*_DERIVED_READ)
    )
    history: list[Decimal] = []
    previous_km = None
    changed = []
    for row in rows:
        before = tuple(getattr(row, name) for name in _DERIVED)
        row.distance_km = row.consumption = row.usual_consumption = None
        row.odometer_backwards = row.consumption_abnormal = False
        if row.status != ReviewStatus.REJECTED and row.odometer_km is not None:
            if previous_km is not None:
                row.distance_km = row.odometer_km - previous_km
                if row.distance_km <= 0:
                    row.odometer_backwards = True
                elif (figure := _per_100_km(row.litres, row.distance_km)) is None:
                    row.consumption_abnormal = True
                else:
                    row.consumption = figure
                    recent = history[-window:]
                    if len(recent) >= 3:
                        row.usual_consumption = _median(recent)
                        row.consumption_abnormal = row.consumption > row.usual_consumption * ratio
                    history.append(row.consumption)
            if not row.odometer_backwards:
                previous_km = row.odometer_km
        if tuple(getattr(row, name) for name in _DERIVED) != before:
            changed.append(row)
    FuelLog.objects.bulk_update(changed, _DERIVED)


def _per_100_km(litres: Decimal, km: int) -> Decimal | None:
    """L/100 km to 2 decimals, None when above `MAX_CONSUMPTION`."""
    figure = (litres * 100 / km).quantize(Decimal("0.01"))
    return figure if figure <= MAX_CONSUMPTION else None


_DERIVED = [
    "distance_km",
    "consumption",
    "usual_consumption",
    "odometer_backwards",
    "consumption_abnormal",
]
_DERIVED_READ = ["id", "status", "odometer_km", "litres", "filled_at", *_DERIVED]


# --------------------------------------------------------------------------- shared helpers


def _vehicle(value, field: str = "vehicle") -> Vehicle:
    found = reference(Vehicle.objects.all(), value, field, _("Unknown vehicle."))
    if found is None:
        raise ValidationFailed(_("Choose the vehicle."), {field: [_("Required.")]})
    return found


def _driver_for(user, value) -> Driver | None:
    """A driver enters logs in their own name; others may name any driver (or none)."""
    if user.role == Role.DRIVER:
        return user.driver
    return reference(Driver.objects.select_related("user"), value, "driver", _("Unknown driver."))


def _get(user, model, public_id, what: str):
    queryset = policies.visible_logs(user, model.objects.select_related("vehicle"))
    return get_or_404(
        queryset.select_for_update(of=("self",)), public_id, policies.not_found(what).message
    )


def _attach(writer, owner: dict, checked, user) -> None:
    for kind, found in checked:
        writer.attach(owner, kind, found, user)


@dataclass
class FuelInput:
    """What a person enters for a fill; `amount` None = computed from litres × unit price."""

    vehicle: object
    filled_at: datetime
    litres: Decimal
    unit_price: int
    amount: int | None = None
    odometer_km: int | None = None
    station: str = ""
    driver: object = None
    notes: str = ""


# --------------------------------------------------------------------------- fuel


def _fuel_fields(user, data: FuelInput) -> dict:
    vehicle = _vehicle(data.vehicle)
    if not policies.takes_fuel(vehicle):
        raise ValidationFailed(_("Fuel is logged for tractors."), {"vehicle": [str(vehicle)]})
    litres = numbers.check(data.litres, numbers.LITRES, "litres", _("Litres"))
    price = numbers.check(
        data.unit_price, numbers.FUEL_PRICE, "unitPrice", _("Price per litre (đ)")
    )
    amount = numbers.check_optional(
        data.amount, numbers.MONEY, "amount", _("Amount on the receipt (đ)")
    )
    odometer = numbers.check_optional(
        data.odometer_km, numbers.ODOMETER_KM, "odometerKm", _("Odometer (km)")
    )
    if data.filled_at > timezone.now() + settings.COSTS_CLOCK_SKEW:
        raise ValidationFailed(_("The fill time is in the future."), {"filledAt": ["future"]})
    return {
        "vehicle": vehicle,
        "driver": _driver_for(user, data.driver),
        "filled_at": data.filled_at,
        "litres": litres,
        "unit_price": price,
        "amount": check_fuel_amount(litres, price, amount),
        "odometer_km": odometer,
        "station": (data.station or "").strip(),
        "notes": (data.notes or "").strip(),
    }


def create_fuel_log(user, data: FuelInput, uploads: Iterable[files.Upload] = ()) -> FuelLog:
    """Enter a fill (PENDING) with its photos (receipt, pump, odometer). Raises
    Forbidden (role), ValidationFailed (vehicle not a tractor, amount ≠ litres × price, future
    time, bad file), PayloadTooLarge. Consumption of the tractor is recomputed."""
    policies.ensure_may_enter_logs(user)
    fields = _fuel_fields(user, data)
    checked = files.inspect_all(uploads)
    with files.writing() as writer, transaction.atomic(), audit.labelled("fuel.create"):
        log = FuelLog.objects.create(created_by=user, **fields)
        _attach(writer, {"fuel_log": log}, checked, user)
        recompute_consumption(log.vehicle)
    log.refresh_from_db()
    return log


def update_fuel_log(user, public_id, data: FuelInput) -> FuelLog:
    """Correct a fill that is not confirmed; a rejected fill goes back to PENDING."""
    with transaction.atomic(), audit.labelled("fuel.update"):
        log = _get(user, FuelLog, public_id, _("Fuel log"))
        policies.ensure_may_edit(user, log)
        old_vehicle = log.vehicle
        for name, value in _fuel_fields(user, data).items():
            setattr(log, name, value)
        log.status, log.rejection_reason = ReviewStatus.PENDING, ""
        log.save()
        recompute_consumption(log.vehicle)
        if old_vehicle.pk != log.vehicle_id:
            recompute_consumption(old_vehicle)
    log.refresh_from_db()
    return log


def review(user, queryset, public_id, what: str, target: str, reason: str = "", **hooks):
    """Move a fuel log, repair log or invoice (one of `queryset`) to CONFIRMED or REJECTED
    (reason required), stamping who and when. `hooks`: `gate(record)` → refusal text or None
    (checked for confirmation), `on_change(record)` runs inside the transaction."""
    reason = (reason or "").strip()
    if target not in (ReviewStatus.CONFIRMED, ReviewStatus.REJECTED):
        raise ValidationFailed(_("Unknown review decision."), {"status": [str(target)]})
    if target == ReviewStatus.REJECTED and not reason:
        raise ValidationFailed(_("Give the reason for rejecting."), {"reason": [_("Required.")]})
    model = queryset.model
    with transaction.atomic(), audit.labelled(f"{model._meta.model_name}.{target.lower()}"):
        record = get_or_404(queryset.select_for_update(of=("self",)), public_id, what)
        policies.ensure_may_review(user, record, target)
        gate = hooks.get("gate")
        refusal = gate(record) if gate and target == ReviewStatus.CONFIRMED else None
        if refusal:
            raise ValidationFailed(refusal, {"status": ["not ready"]})
        record.status = target
        record.rejection_reason = reason if target == ReviewStatus.REJECTED else ""
        record.reviewed_by, record.reviewed_at = user, timezone.now()
        record.save()
        if hooks.get("on_change"):
            hooks["on_change"](record)
    record.refresh_from_db()
    return record


def review_fuel_log(user, public_id, target: str, reason: str = "") -> FuelLog:
    """ACCOUNTING confirms or rejects (reason required) a fill; Forbidden for other roles,
    ValidationFailed when already confirmed."""
    queryset = policies.visible_logs(user, FuelLog.objects.select_related("vehicle"))
    return review(
        user,
        queryset,
        public_id,
        policies.not_found(_("Fuel log")).message,
        target,
        reason,
        on_change=lambda log: recompute_consumption(log.vehicle),
    )


def fuel_queryset() -> QuerySet[FuelLog]:
    return FuelLog.objects.select_related("vehicle", "driver__user").prefetch_related("files")


def list_fuel_logs(user, params, limit: int = 50, cursor: str | None = None) -> Page:
    """Newest first; filters of `FuelLogFilter` (400 on a bad value)."""
    queryset = filtering.apply(FuelLogFilter, params, policies.visible_logs(user, fuel_queryset()))
    return keyset_page(queryset, ["-filled_at", "-id"], limit, cursor)


def fuel_log(user, public_id) -> FuelLog:
    queryset = policies.visible_logs(user, fuel_queryset())
    return get_or_404(queryset, public_id, policies.not_found(_("Fuel log")).message)


def add_file(user, model, public_id, kind: str, upload) -> None:
    """Attach one more photo/file to a fuel or repair log that may still be edited."""
    checked = files.inspect_all([files.Upload(kind, upload)])
    owner = "fuel_log" if model is FuelLog else "repair_log"
    with files.writing() as writer, transaction.atomic(), audit.labelled(f"{owner}.file"):
        log = _get(user, model, public_id, model._meta.verbose_name)
        policies.ensure_may_edit(user, log)
        _attach(writer, {owner: log}, checked, user)


# --------------------------------------------------------------------------- repairs


@dataclass
class LineInput:
    kind: str
    description: str
    quantity: Decimal
    unit_price: int


@dataclass
class RepairInput:
    vehicle: object
    repaired_on: date
    lines: list[LineInput]
    garage: str = ""
    odometer_km: int | None = None
    next_service_on: date | None = None
    next_service_km: int | None = None
    driver: object = None
    notes: str = ""


def _repair_lines(lines: list[LineInput]) -> list[RepairLine]:
    if not lines:
        raise ValidationFailed(_("Add at least one line."), {"lines": [_("Required.")]})
    built = []
    for position, line in enumerate(lines, start=1):
        if not (line.description or "").strip() or line.quantity is None or line.quantity <= 0:
            raise ValidationFailed(
                _("Line %(n)s needs a description and a quantity above zero.") % {"n": position},
                {"lines": {position: ["invalid"]}},
            )
        key, n = f"lines[{position - 1}]", {"n": position}
        quantity = numbers.check(
            line.quantity, numbers.DECIMAL_QUANTITY, f"{key}.quantity", _("Line %(n)s quantity") % n
        )
        price = numbers.check(
            line.unit_price, numbers.MONEY, f"{key}.unitPrice", _("Line %(n)s unit price") % n
        )
        amount = round_vnd(quantity * price)
        numbers.check(amount, numbers.MONEY, f"{key}.unitPrice", _("Line %(n)s amount") % n)
        built.append(
            RepairLine(
                position=position,
                kind=line.kind,
                description=line.description.strip(),
                quantity=quantity,
                unit_price=price,
                amount=amount,
            )
        )
    total = sum(line.amount for line in built)
    numbers.check(total, numbers.MONEY, "lines", _("The repair total"))
    return built


def _repair_fields(user, data: RepairInput) -> dict:
    km = numbers.ODOMETER_KM
    odometer = numbers.check_optional(data.odometer_km, km, "odometerKm", _("Odometer (km)"))
    next_km = numbers.check_optional(
        data.next_service_km, km, "nextServiceKm", _("Next service due at (km)")
    )
    if data.repaired_on > timezone.localdate():
        raise ValidationFailed(_("The repair date is in the future."), {"repairedOn": ["future"]})
    if data.next_service_on and data.next_service_on <= data.repaired_on:
        raise ValidationFailed(
            _("The next service is due after the repair."), {"nextServiceOn": ["too early"]}
        )
    if next_km and odometer and next_km <= odometer:
        raise ValidationFailed(
            _("The next service is due above the current odometer."),
            {"nextServiceKm": ["too low"]},
        )
    return {
        "vehicle": _vehicle(data.vehicle),
        "driver": _driver_for(user, data.driver),
        "repaired_on": data.repaired_on,
        "garage": (data.garage or "").strip(),
        "odometer_km": odometer,
        "next_service_on": data.next_service_on,
        "next_service_km": next_km,
        "notes": (data.notes or "").strip(),
    }


def _save_lines(log: RepairLog, lines: list[RepairLine]) -> None:
    log.lines.all().delete()
    for line in lines:
        line.repair = log
    RepairLine.objects.bulk_create(lines)
    log.total = sum(line.amount for line in lines)
    log.save(update_fields=["total", "updated_at"])


def create_repair_log(user, data: RepairInput, uploads: Iterable[files.Upload] = ()) -> RepairLog:
    """Enter a repair or service (PENDING) with its lines (part/labour, quantity, unit price;
    amount = round(quantity × price), total = Σ amounts) and its invoice/receipt files."""
    policies.ensure_may_enter_logs(user)
    fields = _repair_fields(user, data)
    lines = _repair_lines(data.lines)
    checked = files.inspect_all(uploads)
    with files.writing() as writer, transaction.atomic(), audit.labelled("repair.create"):
        log = RepairLog.objects.create(created_by=user, **fields)
        _save_lines(log, lines)
        _attach(writer, {"repair_log": log}, checked, user)
    return log


def update_repair_log(user, public_id, data: RepairInput) -> RepairLog:
    """Correct a repair that is not confirmed (lines replaced); a rejected one goes back to
    PENDING."""
    fields_lines = _repair_lines(data.lines)
    with transaction.atomic(), audit.labelled("repair.update"):
        log = _get(user, RepairLog, public_id, _("Repair log"))
        policies.ensure_may_edit(user, log)
        for name, value in _repair_fields(user, data).items():
            setattr(log, name, value)
        log.status, log.rejection_reason = ReviewStatus.PENDING, ""
        log.save()
        _save_lines(log, fields_lines)
    return log


def review_repair_log(user, public_id, target: str, reason: str = "") -> RepairLog:
    """ACCOUNTING confirms or rejects (reason required) a repair log."""
    queryset = policies.visible_logs(user, RepairLog.objects.all())
    return review(
        user, queryset, public_id, policies.not_found(_("Repair log")).message, target, reason
    )


def repair_queryset() -> QuerySet[RepairLog]:
    return RepairLog.objects.select_related("vehicle", "driver__user").prefetch_related(
        "lines", "files"
    )


def list_repair_logs(user, params, limit: int = 50, cursor: str | None = None) -> Page:
    queryset = filtering.apply(
        RepairLogFilter, params, policies.visible_logs(user, repair_queryset())
    )
    return keyset_page(queryset, ["-repaired_on", "-id"], limit, cursor)


def repair_log(user, public_id) -> RepairLog:
    queryset = policies.visible_logs(user, repair_queryset())
    return get_or_404(queryset, public_id, policies.not_found(_("Repair log")).message)


def services_due(user, within_days: int = 30, within_km: int = 1000) -> list[RepairLog]:
    """The latest confirmed/pending service of each vehicle whose next service is due within
    `within_days` (by date) or `within_km` of the vehicle's last known odometer, among the
    logs `user` may see (a driver: only their own). The daily `service-reminders` job
    announces the same rule (`reminders.py`)."""
    return [
        row
        for row, _km in planned_services(
            policies.visible_logs(user, repair_queryset()), within_days, within_km
        )
    ]


def planned_services(
    logs: QuerySet[RepairLog], within_days: int, within_km: int
) -> list[tuple[RepairLog, int | None]]:
    """(latest planned service, highest known odometer km) per vehicle among `logs`, for the
    vehicles whose next service is due within `within_days` days (or past) or within
    `within_km` km of that odometer (or past it)."""
    today = timezone.localdate()
    latest = {}
    rows = (
        logs.exclude(status=ReviewStatus.REJECTED)
        .filter(Q(next_service_on__isnull=False) | Q(next_service_km__isnull=False))
        .order_by("repaired_on", "id")
    )
    for row in rows:
        latest[row.vehicle_id] = row
    last_km = _last_odometers(latest.keys())
    due = []
    for row in latest.values():
        by_date = row.next_service_on and (row.next_service_on - today).days <= within_days
        km = last_km.get(row.vehicle_id)
        by_km = row.next_service_km and km is not None and row.next_service_km - km <= within_km
        if by_date or by_km:
            due.append((row, km))
    return due


def _last_odometers(vehicle_ids) -> dict[int, int]:
    """The highest odometer known per vehicle (fuel and repair logs, not rejected)."""
    last: dict[int, int] = {}
    for model in (FuelLog, RepairLog):
        for row in (
            model.objects.filter(vehicle_id__in=list(vehicle_ids), odometer_km__isnull=False)
            .exclude(status=ReviewStatus.REJECTED)
            .values("vehicle_id")
            .annotate(km=Max("odometer_km"))
        ):
            last[row["vehicle_id"]] = max(row["km"], last.get(row["vehicle_id"], 0))
    return last
