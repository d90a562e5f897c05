"""Demo fleet (`unicon seed-demo`): the two legal entities, 15 tractors, 20 trailers and 15
drivers with DRIVER users.

Paper dates are relative to the day the demo is loaded, so its warnings always show:
tractor 51C-118.27 has an expired inspection, 51C-204.66 one expiring in 10 days, driver
Đặng Văn Phúc a licence expiring in 20 days; every other paper is valid for 35+ days.
Tractor 51C-901.23 is in MAINTENANCE and 51C-099.88 OUT_OF_SERVICE; two tractors and two
trailers are rented. `driver@unicon.local` logs in with the demo
password; the other drivers have none (`unicon generate-reset-token EMAIL` prints a link).
"""

import datetime as dt

from unicon.accounts import services as accounts
from unicon.accounts.models import User
from unicon.core import crud
from unicon.core.roles import Role
from unicon.fleet.models import (
    Driver,
    DriverStatus,
    LegalEntity,
    Ownership,
    Vehicle,
    VehicleStatus,
    VehicleType,
    normalise_plate,
)
from unicon.fleet.services import business_today

ENTITIES = [
    ("UNICON", "Công ty TNHH Unicon Logistics", "0316543210",
     "Số 12 Đường số 7, Phước Long B, TP. Thủ Đức, TP. Hồ Chí Minh"),
    ("KHANH_HUY", "Công ty TNHH Khánh Huy", "3702987654",
     "Số 45 Đại lộ Bình Dương, Thuận An, Bình Dương"),
]  # fmt: skip

RENTED = "RENTED"
# plate, owner code (or RENTED: rental company), brand, year, status,
# inspection / insurance / operation-permit expiry in days from today (None: not recorded)
TRACTORS = [
    ("51C-123.45", "UNICON", "Hyundai Xcient", 2019, None, 150, 200, 300),
    ("51C-234.56", "UNICON", "Hyundai Xcient", 2020, None, 95, 260, 300),
    ("51C-345.67", "UNICON", "Howo A7", 2018, None, 61, 120, 300),
    ("51C-456.78", "UNICON", "Freightliner Cascadia", 2017, None, 178, 90, 300),
    ("51C-567.89", "UNICON", "International Prostar", 2016, None, 44, 310, 300),
    ("51C-118.27", "UNICON", "Howo A7", 2018, None, -5, 140, 300),  # inspection expired
    ("51C-204.66", "KHANH_HUY", "Chenglong H7", 2021, None, 10, 220, 250),  # expiring soon
    ("51D-301.12", "KHANH_HUY", "Chenglong H7", 2021, None, 133, 180, 250),
    ("51D-302.48", "KHANH_HUY", "Daewoo Maximus", 2015, None, 72, 45, 250),
    ("61C-078.90", "KHANH_HUY", "Hyundai HD1000", 2019, None, 201, 75, 250),
    ("61C-112.34", "KHANH_HUY", "Isuzu Giga", 2022, None, 320, 330, 250),
    ("51C-789.01", "Xe thuê ngoài - Vận tải Sương", "Howo A7", 2017, None, 88, 150, 200),
    ("50H-045.67", "Xe thuê ngoài - Vận tải An Phú", "Hyundai Xcient", 2020, None, 140, 90, 200),
    ("51C-901.23", "UNICON", "Freightliner Columbia", 2012, VehicleStatus.MAINTENANCE,
     35, 100, 300),
    ("51C-099.88", "UNICON", "International 9400i", 2008, VehicleStatus.OUT_OF_SERVICE,
     60, 100, 150),
]  # fmt: skip

TRAILERS = [
    (f"{prefix}-{number}", owner, brand, year, status, inspection, 240, None)
    for prefix, number, owner, brand, year, status, inspection in [
        ("51R", "012.34", "UNICON", "CIMC", 2019, None, 160),
        ("51R", "023.45", "UNICON", "CIMC", 2019, None, 120),
        ("51R", "034.56", "UNICON", "Doosung", 2018, None, 95),
        ("51R", "045.67", "UNICON", "Doosung", 2018, None, 210),
        ("51R", "056.78", "UNICON", "Tân Thanh", 2020, None, 70),
        ("51R", "067.89", "UNICON", "Tân Thanh", 2020, None, 185),
        ("51R", "078.90", "UNICON", "CIMC", 2021, None, 300),
        ("51R", "089.01", "KHANH_HUY", "CIMC", 2021, None, 55),
        ("51R", "090.12", "KHANH_HUY", "Doosung", 2017, None, 140),
        ("51R", "101.23", "KHANH_HUY", "Tân Thanh", 2022, None, 330),
        ("61R", "011.22", "KHANH_HUY", "CIMC", 2019, None, 125),
        ("61R", "022.33", "KHANH_HUY", "CIMC", 2019, None, 110),
        ("51R", "112.34", "Xe thuê ngoài - Vận tải Sương", "Doosung", 2016, None, 90),
        ("51R", "123.45", "Xe thuê ngoài - Vận tải An Phú", "CIMC", 2018, None, 150),
        ("51R", "134.56", "UNICON", "Tân Thanh", 2015, None, 230),
        ("51R", "145.67", "UNICON", "Tân Thanh", 2015, None, 65),
        ("51R", "156.78", "KHANH_HUY", "CIMC", 2020, None, 175),
        ("51R", "167.89", "UNICON", "Doosung", 2014, None, 40),
        ("51R", "178.90", "UNICON", "CIMC", 2013, None, 115),
        ("51R", "189.01", "KHANH_HUY", "Doosung", 2010, None, 130),
    ]
]

# email, full name, phone, birth year, hometown, employer, licence days, status,
# default tractor, default trailer
DRIVERS = [
    ("driver@unicon.local", "Nguyễn Văn Hùng", "0901234567", 1985, "Long An", "UNICON", 900,
     None, "51C-123.45", "51R-012.34"),
    ("tx.tranvannam@unicon.local", "Trần Văn Nam", "0902345678", 1982, "Tiền Giang", "UNICON",
     700, None, "51C-234.56", "51R-023.45"),
    ("tx.levanthanh@unicon.local", "Lê Văn Thành", "0903456789", 1990, "Bến Tre", "UNICON",
     1200, None, "51C-345.67", "51R-034.56"),
    ("tx.phamminhtuan@unicon.local", "Phạm Minh Tuấn", "0904567890", 1988, "Đồng Tháp",
     "UNICON", 450, None, "51C-456.78", "51R-045.67"),
    ("tx.hoangvanlong@unicon.local", "Hoàng Văn Long", "0905678901", 1979, "Nghệ An", "UNICON",
     600, None, "51C-567.89", "51R-056.78"),
    ("tx.vothanhtam@unicon.local", "Võ Thành Tâm", "0906789012", 1992, "Vĩnh Long", "UNICON",
     1500, None, "51C-118.27", "51R-067.89"),
    ("tx.dangvanphuc@unicon.local", "Đặng Văn Phúc", "0907890123", 1984, "Cần Thơ",
     "KHANH_HUY", 20, None, "51C-204.66", "51R-089.01"),  # licence expiring soon
    ("tx.buiquocbao@unicon.local", "Bùi Quốc Bảo", "0908901234", 1987, "Bình Định",
     "KHANH_HUY", 820, None, "51D-301.12", "51R-090.12"),
    ("tx.doducthang@unicon.local", "Đỗ Đức Thắng", "0909012345", 1983, "Thanh Hóa",
     "KHANH_HUY", 560, None, "51D-302.48", "51R-101.23"),
    ("tx.ngovanhai@unicon.local", "Ngô Văn Hải", "0911234567", 1991, "Quảng Ngãi", "KHANH_HUY",
     1000, None, "61C-078.90", "61R-011.22"),
    ("tx.duongvantoan@unicon.local", "Dương Văn Toàn", "0912345678", 1986, "Bình Dương",
     "KHANH_HUY", 380, None, "61C-112.34", "61R-022.33"),
    ("tx.huynhvansuong@unicon.local", "Huỳnh Văn Sương", "0913456789", 1980, "An Giang", None,
     300, None, "51C-789.01", "51R-112.34"),
    ("tx.lyvanphu@unicon.local", "Lý Văn Phú", "0914567890", 1989, "Sóc Trăng", None, 640,
     None, "50H-045.67", "51R-123.45"),
    ("tx.maivanduc@unicon.local", "Mai Văn Đức", "0915678901", 1981, "Hà Tĩnh", "UNICON", 730,
     None, "51C-901.23", "51R-134.56"),  # his tractor is in the workshop
    ("tx.trinhcongkhanh@unicon.local", "Trịnh Công Khanh", "0916789012", 1993, "Tây Ninh",
     "UNICON", 410, DriverStatus.SUSPENDED, None, None),
]  # fmt: skip


def _days(today: dt.date, days: int | None) -> dt.date | None:
    return None if days is None else today + dt.timedelta(days=days)


def _vehicle(vehicle_type, row, entities, today) -> Vehicle:
    plate, owner, brand, year, status, inspection, insurance, permit = row
    existing = Vehicle.objects.filter(plate=normalise_plate(plate)).first()
    if existing is not None:
        return existing
    vehicle = Vehicle(
        plate=plate,
        vehicle_type=vehicle_type,
        ownership=Ownership.OWN if owner in entities else Ownership.RENTAL,
        owner=entities.get(owner),
        rental_company="" if owner in entities else owner,
        brand=brand,
        manufacturing_year=year,
        status=status or VehicleStatus.IN_USE,
        inspection_expiry=_days(today, inspection),
        insurance_expiry=_days(today, insurance),
        operation_permit_expiry=_days(today, permit),
    )
    crud.validate(vehicle)
    vehicle.save()
    return vehicle


def _driver(row, entities, vehicles, password: str, today) -> Driver:
    email, name, phone, born, hometown, employer, licence, status, tractor, trailer = row
    user = User.objects.filter(email=email).first() or accounts.create_user(
        email=email,
        full_name=name,
        role=Role.DRIVER,
        phone=phone,
        # One driver logs in with the demo password; hashing is slow, the others need none.
        password=password if email == "driver@unicon.local" else None,
    )
    existing = Driver.objects.filter(user=user).first()
    if existing is not None:
        return existing
    driver = Driver(
        user=user,
        phone=phone,
        licence_number=f"79{phone[2:]}{born % 100:02d}",
        licence_class="FC",
        licence_expiry=_days(today, licence),
        birth_year=born,
        hometown=hometown,
        employer=entities.get(employer),
        status=status or DriverStatus.ACTIVE,
        default_tractor=vehicles.get(tractor),
        default_trailer=vehicles.get(trailer),
    )
    crud.validate(driver)
    driver.save()
    return driver


def load(password: str) -> None:
    today = business_today()
    entities = {
        code: LegalEntity.objects.get_or_create(
            code=code, defaults={"name": name, "tax_code": tax_code, "address": address}
        )[0]
        for code, name, tax_code, address in ENTITIES
    }
    vehicles = {row[0]: _vehicle(VehicleType.TRACTOR, row, entities, today) for row in TRACTORS} | {
        row[0]: _vehicle(VehicleType.TRAILER, row, entities, today) for row in TRAILERS
    }
    for row in DRIVERS:
        _driver(row, entities, vehicles, password, today)
