"""Fleet rules: legal entities, vehicles, drivers, and the validity of their papers.

Who may do what (DOMAIN.md §1.4, ADMIN always may):
- legal entities: read by internal roles, written and deleted by ADMIN;
- vehicles and drivers: read by OPS, DISPATCHER, ACCOUNTING; written by OPS, DISPATCHER;
  deleted by ADMIN, refused (409) while anything still refers to them.

Papers (DOMAIN.md §6.2): a paper is valid through its expiry date, "expired" from the day
after, "expiring soon" within 30 days; days are those of the business time zone
(settings.TIME_ZONE, Asia/Ho_Chi_Minh). A missing expiry date means "not recorded" (e.g. a
trailer has no operation permit) and is never a warning or a problem.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unicon.accounts import services as accounts
from unicon.accounts.models import User
from unicon.core import crud, display
from unicon.core.errors import ValidationFailed
from unicon.core.filtering import apply as apply_filters
from unicon.core.pagination import DEFAULT_LIMIT, Page, keyset_page
from unicon.core.permissions import ensure_role
from unicon.core.roles import Role
from unicon.fleet.filters import DriverFilter, LegalEntityFilter, VehicleFilter
from unicon.fleet.models import Driver, LegalEntity, Vehicle
from unicon.fleet.policies import (
    ENTITY_READERS,
    ENTITY_WRITERS,
    FLEET_DELETERS,
    FLEET_READERS,
    FLEET_WRITERS,
)

# --------------------------------------------------------------------------- papers

EXPIRING_SOON_DAYS = 30


# Labels are lazy: a page shows them in its reader's language, not the one active at import.
class Paper(models.TextChoices):
    INSPECTION = "INSPECTION", gettext_lazy("inspection")
    INSURANCE = "INSURANCE", gettext_lazy("insurance")
    OPERATION_PERMIT = "OPERATION_PERMIT", gettext_lazy("operation permit")
    LICENCE = "LICENCE", gettext_lazy("driving licence")


class PaperState(models.TextChoices):
    EXPIRED = "EXPIRED", gettext_lazy("expired")
    EXPIRING_SOON = "EXPIRING_SOON", gettext_lazy("expiring soon")


# The papers of each kind of subject: (paper, model field holding its expiry date).
PAPERS: dict[type[models.Model], tuple[tuple[str, str], ...]] = {
    Vehicle: (
        (Paper.INSPECTION, "inspection_expiry"),
        (Paper.INSURANCE, "insurance_expiry"),
        (Paper.OPERATION_PERMIT, "operation_permit_expiry"),
    ),
    Driver: ((Paper.LICENCE, "licence_expiry"),),
}


@dataclass(frozen=True)
class PaperWarning:
    document: str  # a Paper value
    expires_on: dt.date
    state: str  # a PaperState value


def business_today() -> dt.date:
    """Today in the business time zone (settings.TIME_ZONE, Asia/Ho_Chi_Minh)."""
    return timezone.localdate()


def business_date(value: dt.date | dt.datetime) -> dt.date:
    """A date as is; an aware datetime as its day in the business time zone (`core.display`:
    its UTC day when too near the ends of the calendar to be converted)."""
    return display.local_day(value)


def paper_state(expiry_date: dt.date | None, on: dt.date | None = None) -> str | None:
    """EXPIRED when `expiry_date` is before `on` (default: business today), EXPIRING_SOON when
    it falls within the next 30 days (`on` included), else None. No date: None."""
    if expiry_date is None:
        return None
    on = on or business_today()
    if expiry_date < on:
        return PaperState.EXPIRED
    if expiry_date <= on + dt.timedelta(days=EXPIRING_SOON_DAYS):
        return PaperState.EXPIRING_SOON
    return None


def expiry_warnings(subject: Vehicle | Driver, on: dt.date | None = None) -> list[PaperWarning]:
    """The expired and soon-expiring papers of a vehicle or driver, in PAPERS order."""
    on = on or business_today()
    warnings = []
    for paper, field in PAPERS[type(subject)]:
        expiry = getattr(subject, field)
        state = paper_state(expiry, on)
        if state is not None:
            warnings.append(PaperWarning(paper, expiry, state))
    return warnings


def paper_problems(
    vehicle_or_driver: Vehicle | Driver,
    start_date: dt.date | dt.datetime,
    end_date: dt.date | dt.datetime | None = None,
) -> list[PaperWarning]:
    """The papers of `vehicle_or_driver` that are expired on some day of a trip.

    Arguments: a `Vehicle` (inspection, insurance, operation permit) or a `Driver` (driving
    licence); the trip's first and last day (`end_date` defaults to `start_date`). Dates are
    taken as they are; aware datetimes become their day in the business time zone.

    Returns one `PaperWarning(document, expires_on, state=EXPIRED)` per paper whose expiry
    date is before `end_date` (a paper is valid through its expiry date, so it must last
    until the trip's last day), in PAPERS order; an empty list when the papers are fine.
    A paper without a recorded date is not a problem. Raises ValidationFailed when the
    trip ends before it starts.
    """
    first = business_date(start_date)
    last = business_date(end_date) if end_date is not None else first
    if last < first:
        raise ValidationFailed(_("The trip ends before it starts."), {"endDate": ["before start"]})
    return [
        PaperWarning(paper, expiry, PaperState.EXPIRED)
        for paper, field in PAPERS[type(vehicle_or_driver)]
        if (expiry := getattr(vehicle_or_driver, field)) is not None and expiry < last
    ]


def papers_valid_q(model: type[Vehicle] | type[Driver], last_day: dt.date, prefix: str = "") -> Q:
    """A filter for rows of `model` whose papers all last until `last_day` (no date counts as
    valid); `prefix` reaches them through a relation, e.g. "tractor__"."""
    q = Q()
    for _paper, field in PAPERS[model]:
        q &= Q(**{f"{prefix}{field}__isnull": True}) | Q(**{f"{prefix}{field}__gte": last_day})
    return q


# --------------------------------------------------------------------------- legal entities


def list_legal_entities(
    user, filters=None, *, limit: int = DEFAULT_LIMIT, cursor: str | None = None, **fixed
) -> Page:
    """Legal entities by code, filtered by `fleet.filters.LegalEntityFilter`."""
    ensure_role(user, ENTITY_READERS)
    entities = apply_filters(LegalEntityFilter, filters, LegalEntity.objects.all(), **fixed)
    return keyset_page(entities, ["code"], limit, cursor)


def get_legal_entity(user, public_id) -> LegalEntity:
    ensure_role(user, ENTITY_READERS)
    return crud.get_or_404(LegalEntity.objects.all(), public_id, _("No such legal entity."))


def _entity_data(data: dict) -> dict:
    if isinstance(data.get("code"), str):
        data["code"] = data["code"].strip().upper()
    return data


@transaction.atomic
def create_legal_entity(user, data: dict) -> LegalEntity:
    ensure_role(user, ENTITY_WRITERS)
    entity = LegalEntity()
    crud.assign(entity, _entity_data(data))
    crud.validate(entity)
    crud.save(entity)
    return entity


@transaction.atomic
def update_legal_entity(user, public_id, data: dict) -> LegalEntity:
    entity = get_legal_entity(user, public_id)
    ensure_role(user, ENTITY_WRITERS)
    crud.assign(entity, _entity_data(data))
    crud.validate(entity)
    crud.save(entity)
    return entity


def delete_legal_entity(user, public_id) -> None:
    entity = get_legal_entity(user, public_id)
    ensure_role(user, ENTITY_WRITERS)
    crud.delete_or_conflict(entity, _("Mark it inactive instead."))


# --------------------------------------------------------------------------- vehicles


def _vehicles() -> QuerySet[Vehicle]:
    return Vehicle.objects.select_related("owner")


def list_vehicles(
    user, filters=None, *, limit: int = DEFAULT_LIMIT, cursor: str | None = None, **fixed
) -> Page:
    """Vehicles by plate, filtered by `fleet.filters.VehicleFilter`."""
    ensure_role(user, FLEET_READERS)
    vehicles = apply_filters(VehicleFilter, filters, _vehicles(), **fixed)
    return keyset_page(vehicles, ["plate"], limit, cursor)


def get_vehicle(user, public_id) -> Vehicle:
    ensure_role(user, FLEET_READERS)
    return crud.get_or_404(_vehicles(), public_id, _("No such vehicle."))


def _vehicle_data(data: dict) -> dict:
    if "owner_id" in data:
        data["owner"] = crud.reference(
            LegalEntity.objects.all(), data.pop("owner_id"), "ownerId", _("No such legal entity.")
        )
    return data


def _save_vehicle(vehicle: Vehicle, data: dict) -> Vehicle:
    changed = crud.assign(vehicle, _vehicle_data(data))
    crud.validate(vehicle)
    label = "vehicle.status_change" if vehicle.pk and "status" in changed else None
    crud.save(vehicle, label)
    return vehicle


@transaction.atomic
def create_vehicle(user, data: dict) -> Vehicle:
    """Own vehicles need `owner_id` (a legal entity), rented ones `rental_company`; the plate is
    stored normalised and must not match another vehicle's normalised plate (400)."""
    ensure_role(user, FLEET_WRITERS)
    return _save_vehicle(Vehicle(), data)


@transaction.atomic
def update_vehicle(user, public_id, data: dict) -> Vehicle:
    vehicle = get_vehicle(user, public_id)
    ensure_role(user, FLEET_WRITERS)
    return _save_vehicle(vehicle, data)


def delete_vehicle(user, public_id) -> None:
    vehicle = get_vehicle(user, public_id)
    ensure_role(user, FLEET_DELETERS)
    crud.delete_or_conflict(vehicle, _("Set its status to OUT_OF_SERVICE instead."))


# --------------------------------------------------------------------------- drivers


def _drivers() -> QuerySet[Driver]:
    return Driver.objects.select_related("user", "employer", "default_tractor", "default_trailer")


def list_drivers(
    user, filters=None, *, limit: int = DEFAULT_LIMIT, cursor: str | None = None, **fixed
) -> Page:
    """Drivers in the order they were added, filtered by `fleet.filters.DriverFilter`."""
    ensure_role(user, FLEET_READERS)
    drivers = apply_filters(DriverFilter, filters, _drivers(), **fixed)
    return keyset_page(drivers, ["id"], limit, cursor)


def get_driver(user, public_id) -> Driver:
    ensure_role(user, FLEET_READERS)
    return crud.get_or_404(_drivers(), public_id, _("No such driver."))


def _driver_data(data: dict) -> dict:
    vehicles = Vehicle.objects.all()
    for key, field, api_name in (
        ("default_tractor_id", "default_tractor", "defaultTractorId"),
        ("default_trailer_id", "default_trailer", "defaultTrailerId"),
    ):
        if key in data:
            data[field] = crud.reference(vehicles, data.pop(key), api_name, _("No such vehicle."))
    if "employer_id" in data:
        data["employer"] = crud.reference(
            LegalEntity.objects.all(),
            data.pop("employer_id"),
            "employerId",
            _("No such legal entity."),
        )
    return data


def _save_driver(driver: Driver, data: dict) -> Driver:
    full_name = data.pop("full_name", None)
    changed = crud.assign(driver, _driver_data(data))
    crud.validate(driver)
    if full_name is not None and full_name.strip() != driver.user.full_name:
        crud.assign(driver.user, {"full_name": full_name})
        crud.validate(driver.user, exclude=["password"])
        crud.save(driver.user)
    label = "driver.status_change" if driver.pk and "status" in changed else None
    crud.save(driver, label)
    return driver


@transaction.atomic
def create_driver(user, data: dict) -> Driver:
    """A driver profile for an existing DRIVER user without one (`user_id`), or for a new DRIVER
    user made from `email` + `full_name` (no password: they set one through the link of
    `unicon generate-reset-token EMAIL`). Nothing is kept when any part is invalid."""
    ensure_role(user, FLEET_WRITERS)
    user_id = data.pop("user_id", None)
    email = data.pop("email", None)
    full_name = data.pop("full_name", None)
    if user_id is not None:
        if email or full_name:
            raise ValidationFailed(
                _("Give either userId or email and fullName, not both."),
                {"userId": [_("not with email/fullName")]},
            )
        login = crud.reference(User.objects.all(), user_id, "userId", _("No such user."))
    elif email and full_name:
        login = accounts.create_user(
            email=email,
            full_name=full_name.strip(),
            role=Role.DRIVER,
            phone=data.get("phone") or "",
        )
    else:
        raise ValidationFailed(
            _("Give userId (an existing DRIVER user) or email and fullName (a new one)."),
            {"userId": [_("required without email/fullName")]},
        )
    return _save_driver(Driver(user=login), data)


@transaction.atomic
def update_driver(user, public_id, data: dict) -> Driver:
    """Edit the profile; `full_name` renames the driver's user."""
    driver = get_driver(user, public_id)
    ensure_role(user, FLEET_WRITERS)
    return _save_driver(driver, data)


def delete_driver(user, public_id) -> None:
    """Delete the profile (the DRIVER user stays, and may get a new profile later)."""
    driver = get_driver(user, public_id)
    ensure_role(user, FLEET_DELETERS)
    crud.delete_or_conflict(driver, _("Set its status to INACTIVE instead."))
