"""Demo shipments (loaded by `unicon seed-demo`): ~20 requests and orders around today in
DRAFT, PENDING and CANCELLED, with some paperwork received or returned. The dispatch app's
demo adds dispatched, in-transit and delivered ones. Everything goes through the services."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from unicon.accounts.models import User
from unicon.customers.models import Customer, CustomerStatus, Location, LocationKind
from unicon.shipments import services
from unicon.shipments.validators import iso6346_check_digit

# Free-text fallbacks when the address book has no such place yet.
PLACES = {
    LocationKind.PORT: [("Cảng Cát Lái", "Nguyễn Thị Định, TP Thủ Đức, TP.HCM")],
    LocationKind.DEPOT: [("Depot Phước Long", "Đường số 1, Phước Long B, TP Thủ Đức")],
    LocationKind.ICD: [("ICD Tân Cảng Long Bình", "Long Bình, Biên Hòa, Đồng Nai")],
    LocationKind.WAREHOUSE: [
        ("Kho VSIP 1", "KCN VSIP 1, Thuận An, Bình Dương"),
        ("Kho Sóng Thần", "KCN Sóng Thần, Dĩ An, Bình Dương"),
    ],
}

# (day offset, hour, type, target status, document status, priority, container type)
PLAN = [
    (-6, 7, "EXPORT", "CANCELLED", "DOC_PENDING", "NORMAL", "CONTAINER_40HC"),
    (-5, 8, "IMPORT", "CANCELLED", "DOC_RETURNED", "NORMAL", "CONTAINER_20FT"),
    (-4, 6, "EXPORT", "PENDING", "DOC_RECEIVED", "HIGH", "CONTAINER_40FT"),
    (-3, 9, "IMPORT", "PENDING", "DOC_PENDING", "NORMAL", "CONTAINER_40HC"),
    (-2, 7, "EXPORT", "DRAFT", "DOC_PENDING", "LOW", "CONTAINER_20FT"),
    (-1, 13, "IMPORT", "PENDING", "DOC_RECEIVED", "URGENT", "CONTAINER_40FT"),
    (0, 6, "EXPORT", "PENDING", "DOC_PENDING", "HIGH", "CONTAINER_40HC"),
    (0, 8, "IMPORT", "PENDING", "DOC_PENDING", "NORMAL", "CONTAINER_20FT"),
    (0, 14, "EXPORT", "DRAFT", "DOC_PENDING", "NORMAL", "REFRIGERATED"),
    (1, 7, "IMPORT", "PENDING", "DOC_PENDING", "NORMAL", "CONTAINER_40HC"),
    (1, 9, "EXPORT", "PENDING", "DOC_RECEIVED", "NORMAL", "CONTAINER_40FT"),
    (1, 15, "IMPORT", "CANCELLED", "DOC_PENDING", "LOW", "CONTAINER_20FT"),
    (2, 6, "EXPORT", "DRAFT", "DOC_PENDING", "NORMAL", "CONTAINER_40HC"),
    (2, 10, "IMPORT", "PENDING", "DOC_PENDING", "HIGH", "CONTAINER_45FT"),
    (3, 7, "EXPORT", "PENDING", "DOC_PENDING", "NORMAL", "CONTAINER_40HC"),
    (3, 13, "IMPORT", "DRAFT", "DOC_PENDING", "NORMAL", "CONTAINER_20FT"),
    (4, 8, "EXPORT", "PENDING", "DOC_PENDING", "URGENT", "OPEN_TOP"),
    (5, 7, "IMPORT", "DRAFT", "DOC_PENDING", "NORMAL", "CONTAINER_40FT"),
    (6, 9, "EXPORT", "PENDING", "DOC_PENDING", "NORMAL", "CONTAINER_40HC"),
    (7, 7, "IMPORT", "DRAFT", "DOC_PENDING", "LOW", "TANK"),
]

DOCUMENT_STEPS = {
    "DOC_PENDING": [],
    "DOC_RECEIVED": ["DOC_RECEIVED"],
    "DOC_RETURNED": ["DOC_RECEIVED", "DOC_RETURNED"],
}

OWNERS = ["MSK", "CSQ", "TGH", "OOL", "EMC", "HLX"]


def _container(n: int) -> str:
    first = f"{OWNERS[n % len(OWNERS)]}U{(305438 + n * 7919) % 1_000_000:06d}"
    return f"{first}{iso6346_check_digit(first)}"


def _place(kind: str, customer: Customer, n: int) -> dict:
    rows = list(
        Location.objects.filter(kind=kind, is_active=True, customer__in=[None, customer])[:5]
    )
    if not rows and kind == LocationKind.DEPOT:
        rows = list(Location.objects.filter(kind=LocationKind.ICD, is_active=True)[:5])
    if rows:
        return {"location_id": rows[n % len(rows)].public_id}
    name, address = PLACES[kind][n % len(PLACES[kind])]
    return {"location_name": name, "address": address}


def _stops(shipment_type: str, customer: Customer, n: int, start: datetime) -> list[dict]:
    if shipment_type == "EXPORT":
        kinds = [LocationKind.DEPOT, LocationKind.WAREHOUSE, LocationKind.PORT]
    else:
        kinds = [LocationKind.PORT, LocationKind.WAREHOUSE, LocationKind.DEPOT]
    stops = []
    for i, kind in enumerate(kinds):
        arrival = start + timedelta(hours=3 * i)
        stops.append(
            {
                "sequence": i + 1,
                **_place(kind, customer, n),
                "planned_arrival": arrival,
                "planned_departure": arrival + timedelta(hours=2),
            }
        )
    return stops


def load(password: str) -> None:
    ops = User.objects.get(email="ops@unicon.local")
    customer_users = {
        u.customer_id: u
        for u in User.objects.filter(role__startswith="CUSTOMER_", is_active=True).order_by("id")
    }
    customers = list(Customer.objects.filter(status=CustomerStatus.ACTIVE).order_by("code"))
    today = timezone.localdate()
    for n, (days, hour, kind, target, documents, priority, box) in enumerate(PLAN):
        customer = customers[n % len(customers)]
        start = timezone.make_aware(datetime.combine(today + timedelta(days=days), time(hour)))
        # Every third one is a customer's own request from the portal.
        author = customer_users.get(customer.pk) if n % 3 == 0 else None
        shipment = services.create_shipment(
            author or ops,
            {
                "customer_id": customer.public_id,
                "shipment_type": kind,
                "priority": priority,
                "planned_start": start,
                "planned_end": start + timedelta(hours=12),
                "container_number": _container(n) if n % 4 else "",
                "container_type": box,
                "booking_number": f"BK{today:%y%m}{n:04d}" if kind == "EXPORT" else "",
                "bill_of_lading": f"HLCUSGN{n:06d}" if kind == "IMPORT" else "",
                "special_instructions": "Gọi trước 30 phút" if n % 5 == 0 else "",
                "stops": _stops(kind, customer, n, start),
            },
        )
        actor = author or ops
        if target == "PENDING" or (target == "CANCELLED" and n % 2 == 0):
            services.change_status(actor, shipment.public_id, operation_status="PENDING")
        if target == "CANCELLED":
            services.change_status(
                actor,
                shipment.public_id,
                operation_status="CANCELLED",
                note="Khách hàng hủy đơn" if author else "Hãng tàu đổi lịch",
            )
        for status in DOCUMENT_STEPS[documents]:
            services.change_status(ops, shipment.public_id, document_status=status)
