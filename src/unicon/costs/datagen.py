"""Fuel and repair history for a fleet, for load tests and benchmarks (never in production).

Per tractor, over the last `months`: a fill every 2–4 days after 350–650 km at the truck's own
usual consumption (30–40 L/100 km, ±8 %), 2 % of fills far above it, 0.5 % with a mistyped
(backwards) odometer; a repair or service about every 5 weeks with 1–4 lines. Fills older
than two weeks are confirmed (3 % rejected), newer ones pending. Entered in the name of the
tractor's default driver (else the first ADMIN). Consumption and flags are then computed by
the same service as for real entries.
"""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from unicon.accounts.models import User
from unicon.core.errors import ValidationFailed
from unicon.core.roles import Role
from unicon.costs.models import FuelLog, LineKind, RepairLine, RepairLog, ReviewStatus
from unicon.costs.services import recompute_consumption, round_vnd
from unicon.fleet.models import Driver, Vehicle, VehicleType

PARTS = [
    ("Lọc nhớt", 185_000),
    ("Nhớt động cơ 15W40 (lít)", 98_500),
    ("Lọc nhiên liệu", 320_000),
    ("Má phanh", 1_450_000),
    ("Lốp 11R22.5", 5_200_000),
    ("Bình điện", 2_900_000),
]
LABOUR = [("Công bảo dưỡng", 300_000), ("Công sửa phanh", 450_000), ("Công thay lốp", 120_000)]


@dataclass
class Summary:
    tractors: int
    fills: int
    repairs: int


def _entered_by() -> tuple[dict[int, tuple[int, int]], int]:
    admin = User.objects.filter(role=Role.ADMIN).order_by("id").values_list("id", flat=True)
    if not admin:
        raise ValidationFailed("Create an ADMIN first (unicon createadmin).")
    drivers = {
        tractor: (driver, user)
        for driver, user, tractor in Driver.objects.filter(
            default_tractor__isnull=False
        ).values_list("id", "user_id", "default_tractor_id")
    }
    return drivers, admin[0]


def _fills(rng, tractor: int, driver, days: int, now) -> list[FuelLog]:
    usual = rng.uniform(30, 40)
    odometer = rng.randrange(50_000, 600_000)
    when = now - dt.timedelta(days=days)
    rows = []
    while True:
        when += dt.timedelta(days=rng.uniform(2, 4))
        if when >= now:
            return rows
        km = rng.randrange(350, 650)
        odometer += km
        rate = usual * rng.uniform(0.92, 1.08) * (1.6 if rng.random() < 0.02 else 1)
        litres = Decimal(km * rate / 100).quantize(Decimal("0.001"))
        price = rng.randrange(19_000, 22_500, 10)
        typo = rng.random() < 0.005
        status = ReviewStatus.PENDING
        if now - when > dt.timedelta(days=14):
            status = ReviewStatus.REJECTED if rng.random() < 0.03 else ReviewStatus.CONFIRMED
        rows.append(
            FuelLog(
                vehicle_id=tractor,
                driver_id=driver[0] if driver else None,
                created_by_id=driver[1] if driver else None,
                filled_at=when,
                litres=litres,
                unit_price=price,
                amount=round_vnd(litres * price),
                odometer_km=odometer - 10_000 if typo else odometer,
                station=rng.choice(("Petrolimex", "PVOil", "Mipec", "Saigon Petro")),
                status=status,
                rejection_reason="Số km sai" if status == ReviewStatus.REJECTED else "",
            )
        )


def _repairs(rng, tractor: int, driver, days: int, today) -> list[tuple[RepairLog, list]]:
    rows = []
    day = today - dt.timedelta(days=days)
    while True:
        day += dt.timedelta(days=rng.randrange(20, 50))
        if day > today:
            return rows
        lines = [
            RepairLine(
                position=i,
                kind=kind,
                description=name,
                quantity=Decimal(q),
                unit_price=price,
                amount=q * price,
            )
            for i, (kind, (name, price), q) in enumerate(
                [
                    (LineKind.PART, rng.choice(PARTS), rng.randrange(1, 5))
                    for _ in range(rng.randrange(0, 3))
                ]
                + [(LineKind.LABOUR, rng.choice(LABOUR), 1)],
                start=1,
            )
        ]
        log = RepairLog(
            vehicle_id=tractor,
            driver_id=driver[0] if driver else None,
            created_by_id=driver[1] if driver else None,
            repaired_on=day,
            garage=rng.choice(("Gara Minh Phát", "Gara Hoàng Long", "Xưởng Đại Nam")),
            total=sum(line.amount for line in lines),
            status=ReviewStatus.CONFIRMED if (today - day).days > 14 else ReviewStatus.PENDING,
        )
        rows.append((log, lines))


def generate_costs(months: int = 12, seed: int = 1, generated_only: bool = True) -> Summary:
    """Add `months` of fuel and repair history to the tractors (those of the generated fleet,
    legal entity GEN-UNICON, unless `generated_only` is False). Returns what was added."""
    rng = random.Random(seed)  # noqa: S311 — reproducible test data, not secrets
    tractors = Vehicle.objects.filter(vehicle_type=VehicleType.TRACTOR)
    if generated_only:
        tractors = tractors.filter(owner__code="GEN-UNICON")
    tractor_ids = list(tractors.order_by("id").values_list("id", flat=True))
    drivers, admin = _entered_by()
    now, today, days = timezone.now(), timezone.localdate(), months * 30
    fills = repairs = 0
    for tractor in tractor_ids:
        driver = drivers.get(tractor)
        with transaction.atomic():
            logs = _fills(rng, tractor, driver, days, now)
            for log in logs:
                log.created_by_id = log.created_by_id or admin
            FuelLog.objects.bulk_create(logs, batch_size=1000)
            made = _repairs(rng, tractor, driver, days, today)
            for log, _lines in made:
                log.created_by_id = log.created_by_id or admin
            RepairLog.objects.bulk_create([log for log, _lines in made])
            for log, lines in made:
                for line in lines:
                    line.repair = log
            RepairLine.objects.bulk_create([line for _log, lines in made for line in lines])
            recompute_consumption(Vehicle(pk=tractor))
        fills += len(logs)
        repairs += len(made)
    return Summary(len(tractor_ids), fills, repairs)
