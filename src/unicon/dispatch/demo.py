"""Demo dispatch (loaded by `unicon seed-demo` after the shipments demo).

Takes the demo PENDING shipments: the past ones are dispatched and driven to DELIVERED,
today's first one is dispatched and left IN_TRANSIT (first stop done, second checked in),
those of the next two days are DISPATCHED, later ones stay PENDING. Everything goes
through the dispatch services, as a dispatcher and as each driver. When the fleet demo
has not created any driver, a few demo crews are created through the fleet services.
"""

import io
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from unicon.accounts import services as accounts
from unicon.accounts.models import User
from unicon.core.errors import ServiceError
from unicon.core.roles import Role
from unicon.dispatch import services
from unicon.dispatch import trips as dispatch_trips
from unicon.dispatch.models import DriverTask
from unicon.fleet import services as fleet
from unicon.fleet.models import (
    Driver,
    DriverStatus,
    LegalEntity,
    Ownership,
    Vehicle,
    VehicleStatus,
    VehicleType,
)
from unicon.shipments.models import OperationStatus, Shipment

FALLBACK_CREWS = [
    ("driver1@unicon.local", "Nguyễn Văn Tài", "0901000001", "51C12345", "51R01234"),
    ("driver2@unicon.local", "Trần Minh Xế", "0901000002", "51C23456", "51R02345"),
    ("driver3@unicon.local", "Lê Hoàng Lái", "0901000003", "61C34567", "61R03456"),
    ("driver4@unicon.local", "Phạm Quốc Vận", "0901000004", "51D45678", "51R04567"),
]


def _fallback_crews(password: str, actor: User) -> None:
    """A few crews when no fleet demo exists (through the fleet services, so rules apply)."""
    entity = LegalEntity.objects.filter(is_active=True).order_by("id").first()
    far = date(timezone.localdate().year + 2, 12, 31)
    papers = {"inspection_expiry": far, "insurance_expiry": far, "operation_permit_expiry": far}

    def vehicle(plate: str, kind: str) -> Vehicle:
        ownership = (
            {"ownership": Ownership.OWN, "owner": entity}
            if entity
            else {
                "ownership": Ownership.RENTAL,
                "rental_company": "Xe thuê ngoài",
            }
        )
        return fleet.create_vehicle(
            actor, {"plate": plate, "vehicle_type": kind, **ownership, **papers}
        )

    for email, name, phone, tractor_plate, trailer_plate in FALLBACK_CREWS:
        user = accounts.create_user(
            email=email, full_name=name, role=Role.DRIVER, password=password, phone=phone
        )
        fleet.create_driver(
            actor,
            {
                "user_id": user.public_id,
                "phone": phone,
                "licence_expiry": far,
                "default_tractor_id": vehicle(tractor_plate, VehicleType.TRACTOR).public_id,
                "default_trailer_id": vehicle(trailer_plate, VehicleType.TRAILER).public_id,
            },
        )


def _crews() -> list[tuple[Driver, Vehicle, Vehicle | None]]:
    """Active drivers with a usable tractor (their default one, or a spare) and trailer."""
    drivers = list(
        Driver.objects.filter(status=DriverStatus.ACTIVE)
        .select_related("user", "default_tractor", "default_trailer")
        .order_by("id")
    )
    usable = Vehicle.objects.filter(status=VehicleStatus.IN_USE).order_by("id")
    spare_tractors = [
        v
        for v in usable.filter(vehicle_type=VehicleType.TRACTOR)
        if not any(d.default_tractor_id == v.pk for d in drivers)
    ]
    spare_trailers = [
        v
        for v in usable.filter(vehicle_type=VehicleType.TRAILER)
        if not any(d.default_trailer_id == v.pk for d in drivers)
    ]
    crews = []
    for driver in drivers:
        tractor = driver.default_tractor
        if tractor is None or tractor.status != VehicleStatus.IN_USE:
            tractor = spare_tractors.pop(0) if spare_tractors else None
        trailer = driver.default_trailer
        if trailer is None or trailer.status != VehicleStatus.IN_USE:
            trailer = spare_trailers.pop(0) if spare_trailers else None
        if tractor is not None:
            crews.append((driver, tractor, trailer))
    return crews


def _assign(dispatcher: User, shipment: Shipment, crews: list, start: int) -> DriverTask | None:
    """Dispatch to the first crew (from `start`, round robin) that the rules accept."""
    for i in range(len(crews)):
        driver, tractor, trailer = crews[(start + i) % len(crews)]
        try:
            return services.dispatch(
                dispatcher,
                shipment.public_id,
                driver_id=driver.public_id,
                tractor_id=tractor.public_id,
                trailer_id=trailer.public_id if trailer else None,
                # every third by number (not by database id: the same demo every time)
                instructions="Liên hệ kho trước 30 phút"
                if int(shipment.number[-4:]) % 3 == 0
                else "",
            )
        except ServiceError:
            continue
    return None


def _photo(kind: str) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 320), (40, 90, 140))
    ImageDraw.Draw(image).text((20, 150), f"DEMO {kind}", fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


def _take_required_photos(user: User, task: DriverTask, stop) -> None:
    """When the POD app is installed, check-out needs the stop's required photos: the driver
    uploads a demo picture for each through the POD service."""
    try:
        from unicon.pods import services as pods
    except ImportError:
        return
    for kind in pods.missing_photos(stop):
        upload = SimpleUploadedFile(f"{kind.lower()}.jpg", _photo(kind), "image/jpeg")
        pods.upload_pod(
            user, task.shipment.public_id, upload, stop_id=stop.public_id, photo_type=kind
        )


def _drive(task: DriverTask, *, stops_done: int | None = None) -> None:
    """Drive the trip as its driver: all stops, or `stops_done` and a check-in at the next."""
    user = task.driver.user
    stops = list(task.shipment.stops.order_by("sequence"))
    done = len(stops) if stops_done is None else stops_done
    dispatch_trips.start_task(user, task.public_id)
    for stop in stops[:done]:
        dispatch_trips.check_in(user, task.public_id, stop.public_id, note="")
        _take_required_photos(user, task, stop)
        dispatch_trips.check_out(user, task.public_id, stop.public_id, note="")
    if done < len(stops):
        dispatch_trips.check_in(user, task.public_id, stops[done].public_id)


DEMO_DRIVER = "driver@unicon.local"


def load(password: str) -> None:
    dispatcher = User.objects.get(email="dispatcher@unicon.local")
    if not Driver.objects.exists():
        _fallback_crews(password, User.objects.get(email="admin@unicon.local"))
    crews = _crews()
    if not crews:
        return
    today = timezone.localdate()
    pending = list(
        Shipment.objects.filter(
            operation_status=OperationStatus.PENDING,
            planned_start__lt=timezone.now() + timedelta(days=3),
        ).order_by("planned_start", "id")
    )
    in_transit = False
    # The demo login driver@unicon.local gets today's running trip, so its page is not empty.
    demo_crew = next(
        (i for i, (driver, _t, _r) in enumerate(crews) if driver.user.email == DEMO_DRIVER), 0
    )
    for n, shipment in enumerate(pending):
        offset = (timezone.localdate(shipment.planned_start) - today).days
        if offset == 0 and n % 4 == 3:
            continue  # one of today's stays waiting for a dispatcher
        first_today = offset == 0 and not in_transit
        task = _assign(dispatcher, shipment, crews, demo_crew if first_today else n)
        if task is None:
            continue
        try:
            if offset < 0:
                _drive(task)
            elif first_today:
                _drive(task, stops_done=1)
                in_transit = True
        except ServiceError:
            continue  # leave it DISPATCHED
