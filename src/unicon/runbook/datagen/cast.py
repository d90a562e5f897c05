"""The master data the generated shipments refer to: customers with their warehouses, the
ports and depots, a fleet with valid papers, drivers with logins and the office staff.
Created once (re-runs find them by their `gen`/`GEN`/`[GEN]` names) and loaded as plain ids."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from unicon.accounts.models import User
from unicon.core.roles import Role
from unicon.customers.models import Customer, Location, LocationKind
from unicon.fleet.models import Driver, LegalEntity, Vehicle, VehicleType
from unicon.shipments.models import StopTemplate

PREFIX = "gen"
PORTS = (
    ("Cảng Cát Lái", "Phường Thạnh Mỹ Lợi, TP Thủ Đức", "TP Hồ Chí Minh", 10.7583, 106.7880),
    ("Cảng SP-ITC", "Phường Phú Hữu, TP Thủ Đức", "TP Hồ Chí Minh", 10.7890, 106.7960),
    ("Cảng Cái Mép TCIT", "Phường Tân Phước, Phú Mỹ", "Bà Rịa - Vũng Tàu", 10.5520, 107.0280),
    ("Cảng Tân Cảng Hiệp Phước", "Xã Hiệp Phước, Nhà Bè", "TP Hồ Chí Minh", 10.6340, 106.7560),
    ("Cảng VICT", "Phường Tân Thuận Đông, Quận 7", "TP Hồ Chí Minh", 10.7560, 106.7340),
)
DEPOTS = (
    ("ICD Transimex", "Phường Trường Thọ, TP Thủ Đức", "TP Hồ Chí Minh", 10.8460, 106.7630),
    ("ICD Phước Long", "Phường Phước Long B, TP Thủ Đức", "TP Hồ Chí Minh", 10.8110, 106.7740),
    ("Depot Sóng Thần", "Phường Dĩ An", "Bình Dương", 10.9040, 106.7560),
    ("ICD Tân Cảng Long Bình", "Phường Long Bình", "Đồng Nai", 10.9380, 106.8860),
    ("Depot Tanamexco", "Phường Linh Trung, TP Thủ Đức", "TP Hồ Chí Minh", 10.8700, 106.7900),
)
PROVINCES = (
    ("Bình Dương", 11.0, 106.65),
    ("Đồng Nai", 10.95, 106.85),
    ("Long An", 10.65, 106.45),
    ("TP Hồ Chí Minh", 10.80, 106.65),
)
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi")
GIVEN = ("Văn An", "Minh Tuấn", "Quốc Bảo", "Đức Thắng", "Thanh Hải", "Hữu Phước", "Công Danh")
TRADE = ("Thép", "Gỗ", "Dệt may", "Thủy sản", "Nhựa", "Điện tử", "Cao su", "Giày da", "Cà phê")


@dataclass
class Cast:
    """The master data the shipments refer to (ids only, to keep rows cheap)."""

    ops: int
    dispatcher: int
    customers: list[int]
    customer_users: dict[int, int]
    warehouses: dict[int, list[Location]]
    ports: list[Location]
    depots: list[Location]
    drivers: list[tuple[int, int, int, int, str, str]]  # id, user, tractor, trailer, plates
    driver_public: dict[int, str]
    templates: dict[str, list] = field(default_factory=dict)
    driver_names: dict[int, str] = field(default_factory=dict)  # id → full name


_ids = random.Random(os.urandom(16))  # noqa: S311 - row ids need uniqueness, not secrecy


def new_public_id() -> str:
    """A random version-4 UUID as text: several times cheaper than `uuid.uuid4()` per row."""
    h = f"{_ids.getrandbits(128) & ~(0xF << 76) & ~(0x3 << 62) | (0x4 << 76) | (0x2 << 62):032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}"


def _plate(series: str, number: int) -> str:
    return f"{series}{number:05d}"


def _far_future(today: dt.date) -> dt.date:
    return today.replace(year=today.year + 3)


def _user(email: str, role: str, name: str, password: str, customer=None) -> User:
    return User(email=email, role=role, full_name=name, password=password, customer=customer)


def _ensure_users(users: list[User]) -> dict[str, User]:
    existing = {u.email: u for u in User.objects.filter(email__in=[u.email for u in users])}
    User.objects.bulk_create([u for u in users if u.email not in existing])
    return {u.email: u for u in User.objects.filter(email__in=[u.email for u in users])}


def _ensure_customers(rng: random.Random, count: int, password: str) -> list[Customer]:
    codes = [f"GEN{n:03d}" for n in range(1, count + 1)]
    existing = set(Customer.objects.filter(code__in=codes).values_list("code", flat=True))
    Customer.objects.bulk_create(
        Customer(
            code=code,
            name=f"Công ty TNHH {rng.choice(TRADE)} {code}",
            email=f"{PREFIX}-customer-{code[3:]}@unicon.local",
            phone=f"028{rng.randrange(10**7, 10**8)}",
            tax_code=f"{rng.randrange(10**9, 10**10)}",
            address=f"{rng.randrange(1, 300)} Đường số {rng.randrange(1, 30)}, KCN Sóng Thần",
            contact_person=_person(rng),
        )
        for code in codes
        if code not in existing
    )
    customers = list(Customer.objects.filter(code__in=codes).order_by("code"))
    _ensure_users(
        [
            _user(c.email, Role.CUSTOMER_OWNER, c.contact_person or c.name, password, c)
            for c in customers
        ]
    )
    return customers


def _ensure_locations(rng: random.Random, customers: list[Customer]) -> None:
    if Location.objects.filter(name__startswith="[GEN]").exists():
        return
    shared = [
        Location(
            name=f"[GEN] {name}",
            kind=kind,
            address=addr,
            province=prov,
            latitude=lat,
            longitude=lng,
        )
        for kind, rows in ((LocationKind.PORT, PORTS), (LocationKind.DEPOT, DEPOTS))
        for name, addr, prov, lat, lng in rows
    ]
    own = []
    for customer in customers:
        for n in (1, 2):
            province, lat, lng = rng.choice(PROVINCES)
            own.append(
                Location(
                    name=f"[GEN] Kho {n} {customer.code}",
                    kind=LocationKind.WAREHOUSE,
                    address=f"Lô {rng.choice('ABCDEF')}{rng.randrange(1, 40)}, KCN {province}",
                    province=province,
                    latitude=round(lat + rng.uniform(-0.1, 0.1), 6),
                    longitude=round(lng + rng.uniform(-0.1, 0.1), 6),
                    customer=customer,
                    contact_person=_person(rng),
                    contact_phone=f"09{rng.randrange(10**7, 10**8)}",
                )
            )
    Location.objects.bulk_create(shared + own)


def _ensure_fleet(rng: random.Random, count: dict[str, int], password: str, today: dt.date):
    entity, _ = LegalEntity.objects.get_or_create(
        code="GEN-UNICON", defaults={"name": "Unicon (generated fleet)"}
    )
    expiry = _far_future(today)
    fleet: dict[str, list[Vehicle]] = {}
    for kind, series, total in (
        (VehicleType.TRACTOR, "50H", count["tractors"]),
        (VehicleType.TRAILER, "50R", count["trailers"]),
    ):
        plates = [_plate(series, n) for n in range(1, total + 1)]
        existing = set(Vehicle.objects.filter(plate__in=plates).values_list("plate", flat=True))
        Vehicle.objects.bulk_create(
            Vehicle(
                plate=p,
                vehicle_type=kind,
                owner=entity,
                brand=rng.choice(("Hino", "Isuzu", "Hyundai", "Howo", "Freightliner")),
                manufacturing_year=rng.randrange(2012, today.year),
                inspection_expiry=expiry,
                insurance_expiry=expiry,
                operation_permit_expiry=expiry,
            )
            for p in plates
            if p not in existing
        )
        fleet[kind] = list(Vehicle.objects.filter(plate__in=plates).order_by("plate"))
    tractors, trailers = fleet[VehicleType.TRACTOR], fleet[VehicleType.TRAILER]
    emails = [f"{PREFIX}-driver-{n:04d}@unicon.local" for n in range(1, count["drivers"] + 1)]
    users = _ensure_users([_user(e, Role.DRIVER, _person(rng), password) for e in emails])
    with_profile = set(
        Driver.objects.filter(user__email__in=emails).values_list("user__email", flat=True)
    )
    Driver.objects.bulk_create(
        Driver(
            user=users[email],
            phone=f"09{n:08d}",
            licence_number=f"79{rng.randrange(10**9, 10**10)}",
            licence_class="FC",
            licence_expiry=expiry,
            employer=entity,
            default_tractor=tractors[n % len(tractors)],
            default_trailer=trailers[n % len(trailers)],
        )
        for n, email in enumerate(emails)
        if email not in with_profile
    )


def _driver_rows() -> list[tuple[int, int, int, int, str, str]]:
    drivers = (
        Driver.objects.filter(user__email__startswith=f"{PREFIX}-driver-")
        .select_related("default_tractor", "default_trailer")
        .order_by("user__email")
    )
    return [
        (
            d.pk,
            d.user_id,
            d.default_tractor_id,
            d.default_trailer_id,
            d.default_tractor.plate,
            d.default_trailer.plate,
        )
        for d in drivers
    ]


def _template_stops() -> dict[str, list]:
    templates = {
        t.code: list(t.stops.order_by("sequence"))
        for t in StopTemplate.objects.filter(code__in=("EXPORT", "IMPORT"))
    }
    for stops in templates.values():
        for stop in stops:
            stop.photos_json = json.dumps(stop.required_photos)
    return templates


def ensure_cast(rng: random.Random, sizes: dict[str, int], password: str, today) -> Cast:
    """Create (once) and load the generated customers, places, fleet and users."""
    hashed = make_password(password)
    customers = _ensure_customers(rng, sizes["customers"], hashed)
    _ensure_locations(rng, customers)
    _ensure_fleet(rng, sizes, hashed, today)
    staff = _ensure_users(
        [
            _user(f"{PREFIX}-ops@unicon.local", Role.OPS, "Điều hành (generated)", hashed),
            _user(f"{PREFIX}-dispatcher@unicon.local", Role.DISPATCHER, "Điều độ (gen)", hashed),
            _user(f"{PREFIX}-accounting@unicon.local", Role.ACCOUNTING, "Kế toán (gen)", hashed),
        ]
    )
    places = list(Location.objects.filter(name__startswith="[GEN]"))
    warehouses: dict[int, list[Location]] = {}
    for place in places:
        if place.customer_id:
            warehouses.setdefault(place.customer_id, []).append(place)
    owners = dict(
        User.objects.filter(customer__in=customers, role=Role.CUSTOMER_OWNER).values_list(
            "customer_id", "pk"
        )
    )
    drivers = _driver_rows()
    known = Driver.objects.filter(pk__in=[d[0] for d in drivers]).values_list(
        "pk", "public_id", "user__full_name"
    )
    return Cast(
        ops=staff[f"{PREFIX}-ops@unicon.local"].pk,
        dispatcher=staff[f"{PREFIX}-dispatcher@unicon.local"].pk,
        customers=[c.pk for c in customers],
        customer_users=owners,
        warehouses=warehouses,
        ports=[p for p in places if p.kind == LocationKind.PORT],
        depots=[p for p in places if p.kind == LocationKind.DEPOT],
        drivers=drivers,
        driver_public={pk: str(public) for pk, public, _ in known},
        templates=_template_stops(),
        driver_names={pk: name for pk, _, name in known},
    )
