"""Handlers of the drivers and vehicles sheets (through `fleet.services`).

A vehicle owned by a company that is not one of the group's legal entities is imported as
RENTAL with that company's name kept; "Đã bán" (sold) is OUT_OF_SERVICE. A vehicle's driver
is named, not numbered: the driver of that name gets it as default tractor/trailer.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from unicon.dataio.engine import CREATED, DUPLICATE, UNCHANGED, UPDATED, ImportContext, register
from unicon.dataio.models import RecordKind
from unicon.dataio.sheets import specs
from unicon.dataio.sheets.master import non_empty, save
from unicon.dataio.values import (
    Message,
    choice,
    fold,
    one_of,
    parse_date,
    parse_int,
    parse_phone,
    parse_plate,
    text,
)
from unicon.dataio.workbook import Row
from unicon.fleet import services as fleet_services
from unicon.fleet.models import (
    BIRTH_YEARS,
    MANUFACTURING_YEARS,
    Driver,
    DriverStatus,
    LegalEntity,
    Ownership,
    Vehicle,
    VehicleStatus,
    VehicleType,
)

# --------------------------------------------------------------------------- legal entities


def legal_entity(ctx: ImportContext, name: str) -> LegalEntity | None:
    """The group company called `name` (code, name, or a name containing it: `Khánh Huy` is
    `Công ty TNHH Khánh Huy`), else None."""
    if "entities" not in ctx.cache:
        ctx.cache["entities"] = list(LegalEntity.objects.all())
    wanted = fold(name)
    for entity in ctx.cache["entities"]:
        if wanted in (fold(entity.code), fold(entity.name)):
            return entity
    for entity in ctx.cache["entities"]:
        if wanted and re.search(rf"\b{re.escape(wanted)}\b", fold(entity.name)):
            return entity
    return None


# --------------------------------------------------------------------------- drivers

DRIVER_STATUS = {
    "dang lam": DriverStatus.ACTIVE,
    "dang lam viec": DriverStatus.ACTIVE,
    "hoat dong": DriverStatus.ACTIVE,
    "active": DriverStatus.ACTIVE,
    "nghi viec": DriverStatus.INACTIVE,
    "da nghi": DriverStatus.INACTIVE,
    "inactive": DriverStatus.INACTIVE,
    "tam nghi": DriverStatus.SUSPENDED,
    "dinh chi": DriverStatus.SUSPENDED,
    "suspended": DriverStatus.SUSPENDED,
}

#: Drivers in the workbook have no e-mail; their logins get one under this reserved domain
#: (RFC 2606 `.invalid`: never delivered). ADMIN sets the real address later.
DRIVER_EMAIL = "driver.{phone}@import.invalid"


def drivers_by_key(ctx: ImportContext) -> dict[str, Driver]:
    """Drivers under their phone and their folded full name."""
    if "drivers" not in ctx.cache:
        found: dict[str, Driver] = {}
        for driver in Driver.objects.select_related("user", "default_tractor", "default_trailer"):
            found[driver.phone] = driver
            found.setdefault(fold(driver.user.full_name), driver)
        ctx.cache["drivers"] = found
    return ctx.cache["drivers"]


class DriverHandler:
    spec = specs.DRIVERS
    api_fields = {
        "phone": "phone",
        "fullName": "name",
        "email": "phone",
        "licenceExpiry": "licence_expiry",
        "licenceNumber": "licence_number",
        "licenceClass": "licence_class",
        "citizenId": "citizen_id",
        "birthYear": "birth_year",
        "hometown": "hometown",
    }

    def import_row(self, row: Row, ctx: ImportContext) -> str:
        v = ctx.parse(
            row,
            {
                "name": text,
                "phone": parse_phone,
                "birth_year": lambda x: parse_int(x, *BIRTH_YEARS),
                "hometown": text,
                "citizen_id": lambda x: re.sub(r"\D", "", text(x)),
                "licence_class": lambda x: text(x).upper(),
                "licence_number": lambda x: re.sub(r"\s", "", text(x)),
                "licence_expiry": parse_date,
                "status": one_of(DRIVER_STATUS, _("status")),
                "company": text,
            },
        )
        if not ctx.first_seen("driver", v["phone"], row, "phone"):
            return DUPLICATE
        known = drivers_by_key(ctx)
        existing = known.get(v["phone"]) or known.get(fold(v["name"]))
        data = non_empty(
            {
                "phone": v["phone"],
                "birth_year": v["birth_year"],
                "hometown": v["hometown"],
                "citizen_id": v["citizen_id"],
                "licence_class": v["licence_class"],
                "licence_number": v["licence_number"],
                "licence_expiry": v["licence_expiry"],
                "status": v["status"],
            }
        )
        if v["company"]:
            entity = legal_entity(ctx, v["company"])
            if entity is None:
                ctx.warning(
                    row,
                    "company",
                    Message(
                        _("%(name)s is not one of our companies; left empty."),
                        {"name": v["company"]},
                    ),
                )
            else:
                data["employer_id"] = entity.public_id
        if existing is None:
            data.update(full_name=v["name"], email=DRIVER_EMAIL.format(phone=v["phone"]))
            driver = ctx.call(row, self, fleet_services.create_driver, ctx.user, data)
            outcome = CREATED
            ctx.remember(RecordKind.DRIVER, v["phone"], driver)
        else:
            renamed = fold(existing.user.full_name) != fold(v["name"])
            driver, outcome = save(
                ctx,
                row,
                self,
                existing,
                data,
                None,
                fleet_services.update_driver,
                also={"full_name": v["name"]} if renamed else None,
            )
        known[driver.phone] = known[fold(driver.user.full_name)] = driver
        return outcome


# --------------------------------------------------------------------------- vehicles

VEHICLE_TYPES = {
    "dau keo": VehicleType.TRACTOR,
    "xe dau keo": VehicleType.TRACTOR,
    "keo": VehicleType.TRACTOR,
    "tractor": VehicleType.TRACTOR,
    "mooc": VehicleType.TRAILER,
    "ro mooc": VehicleType.TRAILER,
    "romooc": VehicleType.TRAILER,
    "so mi ro mooc": VehicleType.TRAILER,
    "trailer": VehicleType.TRAILER,
}
VEHICLE_CONDITIONS = {
    "dang hoat dong": VehicleStatus.IN_USE,
    "hoat dong": VehicleStatus.IN_USE,
    "tot": VehicleStatus.IN_USE,
    "binh thuong": VehicleStatus.IN_USE,
    "active": VehicleStatus.IN_USE,
    "bao duong": VehicleStatus.MAINTENANCE,
    "dang sua": VehicleStatus.MAINTENANCE,
    "sua chua": VehicleStatus.MAINTENANCE,
    "dang sua chua": VehicleStatus.MAINTENANCE,
    "da ban": VehicleStatus.OUT_OF_SERVICE,
    "thanh ly": VehicleStatus.OUT_OF_SERVICE,
    "ngung hoat dong": VehicleStatus.OUT_OF_SERVICE,
    "hong": VehicleStatus.OUT_OF_SERVICE,
    "sold": VehicleStatus.OUT_OF_SERVICE,
}


class VehicleHandler:
    spec = specs.VEHICLES
    api_fields = {
        "plate": "plate",
        "vehicleType": "type",
        "status": "condition",
        "brand": "brand",
        "manufacturingYear": "year",
        "inspectionExpiry": "inspection",
        "insuranceExpiry": "insurance",
        "operationPermitExpiry": "permit",
        "ownerId": "company",
        "rentalCompany": "company",
        "defaultTractorId": "driver",
        "defaultTrailerId": "driver",
    }

    def import_row(self, row: Row, ctx: ImportContext) -> str:
        v = ctx.parse(
            row,
            {
                "plate": parse_plate,
                "type": lambda x: choice(x, VEHICLE_TYPES, _("vehicle type")),
                "condition": one_of(VEHICLE_CONDITIONS, _("condition")),
                "brand": text,
                "year": lambda x: parse_int(x, *MANUFACTURING_YEARS),
                "driver": text,
                "inspection": parse_date,
                "insurance": parse_date,
                "permit": parse_date,
                "company": text,
            },
        )
        if not ctx.first_seen("vehicle", v["plate"], row, "plate"):
            return DUPLICATE
        if "vehicles" not in ctx.cache:
            ctx.cache["vehicles"] = {x.plate: x for x in Vehicle.objects.select_related("owner")}
        existing = ctx.cache["vehicles"].get(v["plate"])
        data = non_empty(
            {
                "plate": v["plate"],
                "vehicle_type": v["type"],
                "status": v["condition"],
                "brand": v["brand"],
                "manufacturing_year": v["year"],
                "inspection_expiry": v["inspection"],
                "insurance_expiry": v["insurance"],
                "operation_permit_expiry": v["permit"],
            }
        )
        entity = legal_entity(ctx, v["company"])
        if entity is not None:
            data.update(ownership=Ownership.OWN, owner_id=entity.public_id)
        else:
            data.update(ownership=Ownership.RENTAL, rental_company=v["company"])
            if existing is None or existing.rental_company != v["company"]:
                ctx.warning(
                    row,
                    "company",
                    Message(
                        _("%(name)s is not one of our companies; imported as rented from it."),
                        {"name": v["company"]},
                    ),
                )
        vehicle, outcome = save(
            ctx,
            row,
            self,
            existing,
            data,
            fleet_services.create_vehicle,
            fleet_services.update_vehicle,
        )
        ctx.cache["vehicles"][vehicle.plate] = vehicle
        if outcome == CREATED:
            ctx.remember(RecordKind.VEHICLE, vehicle.plate, vehicle)
        if v["driver"]:
            return self._assign(row, ctx, vehicle, v["driver"], outcome)
        return outcome

    def _assign(
        self, row: Row, ctx: ImportContext, vehicle: Vehicle, name: str, outcome: str
    ) -> str:
        """Make `vehicle` the default tractor/trailer of the driver named in the row."""
        driver = drivers_by_key(ctx).get(fold(name))
        if driver is None:
            ctx.warning(
                row,
                "driver",
                Message(
                    _("No driver called %(name)s; the vehicle is not assigned."), {"name": name}
                ),
            )
            return outcome
        field = (
            "default_tractor" if vehicle.vehicle_type == VehicleType.TRACTOR else "default_trailer"
        )
        if getattr(driver, f"{field}_id") == vehicle.pk:
            return outcome
        updated = ctx.call(
            row,
            self,
            fleet_services.update_driver,
            ctx.user,
            driver.public_id,
            {f"{field}_id": vehicle.public_id},
        )
        drivers_by_key(ctx)[updated.phone] = drivers_by_key(ctx)[fold(name)] = updated
        return UPDATED if outcome == UNCHANGED else outcome


register(DriverHandler())
register(VehicleHandler())
