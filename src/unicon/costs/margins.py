"""Margin per truck: what each tractor earned and cost over a period (business dates in
Asia/Ho_Chi_Minh, inclusive).

Costs: fuel logs (by fill time), repair logs (by repair date) and purchase invoices assigned
to the vehicle (by invoice date); CONFIRMED only, or also PENDING (and PROCESSING invoices)
with `include_unconfirmed`. Rejected entries never count.

Revenue comes from billing through one function, `settings.COSTS_REVENUE_SOURCE` (dotted
path): `revenue(start: date, end: date) -> dict[int, int]` = {tractor vehicle pk: VND of the
charges of its trips in the period}. Until billing (issue 16) provides it the setting is
empty and revenue and margin are reported as missing (None), never guessed.

Fixed number of queries whatever the fleet size (one aggregate per source).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.module_loading import import_string

from unicon.costs import policies
from unicon.costs.models import FuelLog, InvoiceStatus, PurchaseInvoice, RepairLog, ReviewStatus
from unicon.dispatch.models import DriverTask, TaskStatus
from unicon.fleet.models import Vehicle, VehicleStatus, VehicleType

LITRE = Decimal("0.001")


@dataclass
class TruckMargin:
    vehicle: Vehicle
    trips: int = 0
    km: int = 0
    fuel_litres: Decimal = Decimal(0)
    fuel_cost: int = 0
    repair_cost: int = 0
    other_cost: int = 0
    revenue: int | None = None
    measured_litres: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        # SQLite's SUM drops the scale of a decimal (200 instead of 200.000)
        self.fuel_litres = Decimal(self.fuel_litres).quantize(LITRE)
        self.measured_litres = Decimal(self.measured_litres).quantize(LITRE)

    @property
    def cost(self) -> int:
        return self.fuel_cost + self.repair_cost + self.other_cost

    @property
    def margin(self) -> int | None:
        return None if self.revenue is None else self.revenue - self.cost

    @property
    def consumption(self) -> Decimal | None:
        """L/100 km over the period: litres of the fills whose distance is known / that km."""
        return (
            None
            if not self.km
            else (self.measured_litres * 100 / self.km).quantize(Decimal("0.01"))
        )

    @property
    def cost_per_km(self) -> int | None:
        return None if not self.km else round(self.cost / self.km)


@dataclass
class MarginReport:
    date_from: date
    date_to: date
    include_unconfirmed: bool
    revenue_available: bool
    trucks: list[TruckMargin] = field(default_factory=list)

    def ranked(self, count: int = 5) -> tuple[list[TruckMargin], list[TruckMargin]]:
        """The best and the worst `count` tractors that drove: by margin when revenue is
        known, else by cost per km (lower is better)."""
        driven = [t for t in self.trucks if t.km and t.vehicle.vehicle_type == VehicleType.TRACTOR]
        if self.revenue_available:
            order = sorted(driven, key=lambda t: t.margin, reverse=True)
        else:
            order = sorted(driven, key=lambda t: t.cost_per_km)
        count = min(count, len(order) // 2)
        return order[:count], order[len(order) - count :][::-1]

    def total(self, name: str):
        values = [getattr(t, name) for t in self.trucks]
        if any(v is None for v in values):
            return None
        return sum(values)


TOTALS = [
    "trips",
    "km",
    "fuel_litres",
    "fuel_cost",
    "repair_cost",
    "other_cost",
    "cost",
    "revenue",
    "margin",
]


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = timezone.get_default_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


def revenue_source():
    """The configured revenue function, or None (revenue unknown)."""
    path = settings.COSTS_REVENUE_SOURCE
    return import_string(path) if path else None


def margins(user, start: date, end: date, include_unconfirmed: bool = False) -> MarginReport:
    """Per vehicle (tractors in service, and any vehicle with a trip or a cost): trips
    (driver tasks planned to start in the period, not cancelled), km (Σ distances between
    consecutive fills), fuel litres and VND, L/100 km, repairs, other costs (invoices
    assigned to it, total incl. VAT), revenue, margin = revenue − costs, cost per km.
    Forbidden for roles other than ACCOUNTING/ADMIN."""
    policies.ensure_may_see_margins(user)
    counted = [ReviewStatus.CONFIRMED]
    if include_unconfirmed:
        counted += [ReviewStatus.PENDING, InvoiceStatus.PROCESSING]
    low, high = _bounds(start, end)
    rows: dict[int, dict] = {}

    def add(vehicle_id, **values):
        row = rows.setdefault(vehicle_id, {})
        for key, value in values.items():
            row[key] = row.get(key, 0) + (value or 0)

    for item in (
        DriverTask.objects.filter(planned_start__gte=low, planned_start__lt=high)
        .exclude(status__in=[TaskStatus.CANCELLED, TaskStatus.SKIPPED])
        .values("tractor_id")
        .annotate(n=Count("id"))
    ):
        add(item["tractor_id"], trips=item["n"])
    fuel = FuelLog.objects.filter(filled_at__gte=low, filled_at__lt=high, status__in=counted)
    for item in fuel.values("vehicle_id").annotate(litres=Sum("litres"), cost=Sum("amount")):
        add(item["vehicle_id"], fuel_litres=item["litres"], fuel_cost=item["cost"])
    for item in (
        fuel.filter(consumption__isnull=False)
        .values("vehicle_id")
        .annotate(km=Sum("distance_km"), litres=Sum("litres"))
    ):
        add(item["vehicle_id"], km=item["km"], measured_litres=item["litres"])
    for item in (
        RepairLog.objects.filter(repaired_on__range=(start, end), status__in=counted)
        .values("vehicle_id")
        .annotate(cost=Sum("total"))
    ):
        add(item["vehicle_id"], repair_cost=item["cost"])
    for item in (
        PurchaseInvoice.objects.filter(
            vehicle__isnull=False, issue_date__range=(start, end), status__in=counted
        )
        .values("vehicle_id")
        .annotate(cost=Sum("total"))
    ):
        add(item["vehicle_id"], other_cost=item["cost"])
    source = revenue_source()
    revenue = source(start, end) if source else {}
    for vehicle_id, amount in revenue.items():
        add(vehicle_id, revenue=amount)
    # every vehicle with a trip or a cost (a trailer's repairs count too), and every tractor
    # in service (an idle truck is worth seeing)
    vehicles = Vehicle.objects.filter(pk__in=list(rows)) | Vehicle.objects.filter(
        vehicle_type=VehicleType.TRACTOR, status=VehicleStatus.IN_USE
    )
    report = MarginReport(start, end, include_unconfirmed, source is not None)
    for vehicle in vehicles.order_by("vehicle_type", "plate"):
        values = rows.get(vehicle.pk, {})
        truck = TruckMargin(vehicle=vehicle, **values)
        if source is not None and truck.revenue is None:
            truck.revenue = 0
        report.trucks.append(truck)
    return report
