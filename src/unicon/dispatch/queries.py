"""Read-only views of dispatch: availability, task lists, the crews of shipments (the
timeline board is `dispatch.timeline`). Role checks are the read roles of `dispatch.policies`."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects

from unicon.core.filtering import apply as apply_filters
from unicon.core.ids import parse_uuid
from unicon.core.pagination import Page, keyset_page
from unicon.core.permissions import ensure_role
from unicon.dispatch.filters import TaskFilter
from unicon.dispatch.models import ACTIVE_STATUSES, DriverTask, TaskStatus
from unicon.dispatch.policies import READ_ROLES
from unicon.dispatch.services import business_day
from unicon.fleet import services as fleet_services
from unicon.fleet.models import Driver, DriverStatus, Vehicle, VehicleStatus, VehicleType
from unicon.shipments.models import Shipment

# --------------------------------------------------------------------------- views of the day


def _booked(day_start, day_end, **match) -> Exists:
    return Exists(DriverTask.objects.active().overlapping(day_start, day_end).filter(**match))


def availability(user, day: dt.date) -> dict:
    """Drivers and vehicles free for the whole day: not booked, usable, papers valid."""
    ensure_role(user, READ_ROLES)
    start, end = business_day(day)
    drivers = (
        Driver.objects.filter(status=DriverStatus.ACTIVE)
        .filter(fleet_services.papers_valid_q(Driver, day))
        .exclude(_booked(start, end, driver=OuterRef("pk")))
        .select_related("user", "default_tractor", "default_trailer")
        .order_by("user__full_name", "id")
    )
    vehicles = (
        Vehicle.objects.filter(status=VehicleStatus.IN_USE)
        .filter(fleet_services.papers_valid_q(Vehicle, day))
        .exclude(_booked(start, end, tractor=OuterRef("pk")))
        .exclude(_booked(start, end, trailer=OuterRef("pk")))
        .order_by("vehicle_type", "plate")
    )
    vehicles = list(vehicles)
    return {
        "date": day,
        "drivers": list(drivers),
        "tractors": [v for v in vehicles if v.vehicle_type == VehicleType.TRACTOR],
        "trailers": [v for v in vehicles if v.vehicle_type == VehicleType.TRAILER],
    }


def attach_active_tasks(shipments: list[Shipment]) -> None:
    """Set `active_tasks` (with driver and tractor) on each already-visible shipment, in one
    query whatever the number of shipments (the crew column of the shipment list page)."""
    prefetch_related_objects(
        shipments,
        Prefetch(
            "tasks",
            queryset=DriverTask.objects.active().select_related("driver__user", "tractor"),
            to_attr="active_tasks",
        ),
    )


def shipment_tasks(shipment: Shipment) -> tuple[list[DriverTask], DriverTask | None]:
    """Every task of an already-visible shipment, newest first, and the one to show: the
    active task, else the one that did the trip (cancelled ones are history only)."""
    tasks = list(
        shipment.tasks.select_related("driver__user", "tractor", "trailer").order_by("-id")
    )
    shown = next((t for t in tasks if t.status in ACTIVE_STATUSES), None) or next(
        (t for t in tasks if t.status != TaskStatus.CANCELLED), None
    )
    return tasks, shown


def task_related(queryset):
    return queryset.select_related("shipment__customer", "driver__user", "tractor", "trailer")


def list_tasks(user, filters=None, *, limit: int = 50, cursor: str | None = None, **fixed) -> Page:
    """Driver tasks, newest planned first, filtered by `dispatch.filters.TaskFilter`."""
    ensure_role(user, READ_ROLES)
    qs = apply_filters(TaskFilter, filters, task_related(DriverTask.objects.all()), **fixed)
    return keyset_page(qs, ["-planned_start", "-id"], limit, cursor)


def filter_by_vehicle(queryset, value):
    """`GET /api/shipments?vehicle=<id>`: shipments with a task (any status) on that vehicle."""
    value = parse_uuid(value, "vehicle")
    tasks = DriverTask.objects.filter(
        Q(tractor__public_id=value) | Q(trailer__public_id=value)
    ).values("shipment_id")
    return queryset.filter(pk__in=tasks)


def filter_by_driver(queryset, value):
    """`GET /api/shipments?driver=<id>`: shipments with a task (any status) of that driver."""
    value = parse_uuid(value, "driver")
    return queryset.filter(
        pk__in=DriverTask.objects.filter(driver__public_id=value).values("shipment_id")
    )
