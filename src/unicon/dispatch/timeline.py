"""The dispatcher's timeline board: tractor rows with their trips over one to seven days,
and the list of requests waiting for a crew.

Read-only and built from rows (`values()`), not model instances: only what the timeline
shows — per tractor its id, plate, status, papers, regular driver and group; per trip
(bar) its window, status, late/overrunning flags, shipment number, driver, trailer and
customer code. Tractors are paged (`page`, `limit` ≤ 100), so a 300-tractor fleet answers
in pages of a few tens of KB. A constant number of queries whatever the page holds: count,
tractors, their regular drivers, their trips, the waiting requests (+ authentication).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from unicon.core import dates
from unicon.core.errors import ValidationFailed
from unicon.core.filtering import apply as apply_filters
from unicon.core.pagination import Page, keyset_page
from unicon.core.permissions import ensure_role
from unicon.dispatch import policies
from unicon.dispatch.filters import BoardFilter
from unicon.dispatch.models import DriverTask, TaskStatus
from unicon.dispatch.policies import READ_ROLES
from unicon.dispatch.services import business_day
from unicon.fleet import services as fleet_services
from unicon.fleet.models import Driver, DriverStatus, Ownership, Vehicle, VehicleStatus, VehicleType
from unicon.fleet.services import Paper
from unicon.shipments import detail as shipment_rows
from unicon.shipments.labels import choice_label
from unicon.shipments.models import OperationStatus, ReviewStatus

MAX_DAYS = 7
DEFAULT_LIMIT = 50
MAX_LIMIT = 100
#: The waiting list reaches at least this many days past the board's first day.
WAITING_DAYS = 7
WAITING_LIMIT = 50
GROUPS = ("owner", "status", "none")
STATUS_ORDER = (VehicleStatus.IN_USE, VehicleStatus.MAINTENANCE, VehicleStatus.OUT_OF_SERVICE)


@dataclass(frozen=True)
class Span:
    """The board's days: `first` and `days` (1-7), as [start, end) in UTC-aware datetimes."""

    first: dt.date
    days: int

    @property
    def start(self) -> dt.datetime:
        return business_day(self.first)[0]

    @property
    def end(self) -> dt.datetime:
        return business_day(self.first + dt.timedelta(days=self.days - 1))[1]

    @property
    def waiting_end(self) -> dt.datetime:
        return business_day(self.first + dt.timedelta(days=max(self.days, WAITING_DAYS) - 1))[1]


def _bad(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, {field: [message]})


def parse_span(date: str | None, first: str | None, days: str | int | None) -> Span:
    """`?from=dd/mm/yyyy` or ISO (what the board's own date input sends: `core.dates`) and
    `days=1..7` (or the older `?date=`, one day); default today, 1 day. A bad date, a day
    outside `core.dates`' range or a number of days outside 1-7 is a `ValidationFailed`
    naming the field."""
    text = (first or date or "").strip()
    day = dates.read_day(text, "from" if first else "date") or timezone.localdate()
    try:
        count = int(days) if days not in (None, "") else 1
    except (TypeError, ValueError):
        raise _bad("days", _("The board shows 1 to 7 days.")) from None
    if not 1 <= count <= MAX_DAYS:
        raise _bad("days", _("The board shows 1 to 7 days."))
    return Span(day, count)


def _int(value, field: str, default: int, low: int, high: int) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise _bad(field, _("Enter a whole number.")) from None
    if not low <= number <= high:
        raise _bad(
            field, _("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high}
        )
    return number


# --------------------------------------------------------------------------- rows and groups


def _group_order(group_by: str) -> list:
    if group_by == "owner":
        return ["ownership", "owner__code", "rental_company", "plate"]
    if group_by == "status":
        rank = Case(
            *(When(status=s, then=Value(i)) for i, s in enumerate(STATUS_ORDER)),
            output_field=IntegerField(),
        )
        return [rank, "plate"]
    return ["plate"]


def _group(row: dict, group_by: str) -> tuple[str, str]:
    """(key, label) of a tractor row's group: the owning entity's code or RENTAL, the status."""
    if group_by == "owner":
        if row["ownership"] == Ownership.RENTAL:
            return Ownership.RENTAL, _("Rented")
        return row["owner__code"] or "", row["owner__name"] or ""
    if group_by == "status":
        return row["status"], choice_label(VehicleStatus, row["status"])
    return "", ""


def _papers(row: dict, on: dt.date) -> list[dict]:
    """Expired and soon-expiring papers of a tractor row (`fleet.services.paper_state`)."""
    papers = []
    for paper, field in fleet_services.PAPERS[Vehicle]:
        state = fleet_services.paper_state(row[field], on)
        if state is not None:
            papers.append({"paper": paper, "expiresOn": row[field], "state": state})
    return papers


TRACTOR_FIELDS = (
    "id",
    "public_id",
    "plate",
    "status",
    "ownership",
    "owner__code",
    "owner__name",
    "rental_company",
    "inspection_expiry",
    "insurance_expiry",
    "operation_permit_expiry",
)
BAR_FIELDS = (
    "tractor_id",
    "public_id",
    "status",
    "sequence",
    "planned_start",
    "planned_end",
    "started_at",
    "completed_at",
    "shipment__public_id",
    "shipment__number",
    "shipment__operation_status",
    "shipment__version",
    "shipment__customer__code",
    "driver__public_id",
    "driver__user__full_name",
    "trailer__public_id",
    "trailer__plate",
)


def _bar(row: dict, now: dt.datetime) -> dict:
    late, overrun = policies.trip_flags(
        row["status"],
        row["planned_start"],
        row["planned_end"],
        row["started_at"],
        row["completed_at"],
        now,
    )
    trailer = None
    if row["trailer__public_id"] is not None:
        trailer = {"id": row["trailer__public_id"], "plate": row["trailer__plate"]}
    return {
        "id": row["public_id"],
        "status": row["status"],
        "sequence": row["sequence"],
        "plannedStart": row["planned_start"],
        "plannedEnd": row["planned_end"],
        "startedAt": row["started_at"],
        "completedAt": row["completed_at"],
        "late": late,
        "overrun": overrun,
        "shipment": {
            "id": row["shipment__public_id"],
            "number": row["shipment__number"],
            "status": row["shipment__operation_status"],
            "version": row["shipment__version"],
            "customer": row["shipment__customer__code"],
        },
        "driver": {"id": row["driver__public_id"], "name": row["driver__user__full_name"]},
        "trailer": trailer,
    }


def _bars(tractor_ids: list[int], span: Span, now: dt.datetime) -> dict[int, list[dict]]:
    """Per tractor pk: its trips meeting the span (not cancelled; a running trip until it
    ends), by planned start."""
    bars: dict[int, list[dict]] = {pk: [] for pk in tractor_ids}
    if not tractor_ids:
        return bars
    rows = (
        DriverTask.objects.exclude(status=TaskStatus.CANCELLED)
        .overlapping(span.start, span.end)
        .filter(tractor_id__in=tractor_ids)
        .order_by("planned_start", "sequence", "id")
        .values(*BAR_FIELDS)
    )
    for row in rows:
        bars[row["tractor_id"]].append(_bar(row, now))
    return bars


def _regular_drivers(tractor_ids: list[int]) -> dict[int, dict]:
    """Per tractor pk: the driver who has it as default tractor (active ones first), with
    the expiry date of the licence."""
    drivers: dict[int, dict] = {}
    if not tractor_ids:
        return drivers
    rows = (
        Driver.objects.filter(default_tractor_id__in=tractor_ids)
        .exclude(status=DriverStatus.INACTIVE)
        .order_by("status", "user__full_name", "id")
        .values("default_tractor_id", "public_id", "user__full_name", "licence_expiry")
    )
    for row in rows:
        drivers.setdefault(
            row["default_tractor_id"],
            {
                "id": row["public_id"],
                "name": row["user__full_name"],
                "licence": row["licence_expiry"],
            },
        )
    return drivers


def _row_papers(row: dict, driver: dict | None, on: dt.date) -> list[dict]:
    """The tractor's papers to watch, then its regular driver's licence when it is."""
    papers = _papers(row, on)
    if driver is not None:
        state = fleet_services.paper_state(driver["licence"], on)
        if state is not None:
            papers.append({"paper": Paper.LICENCE, "expiresOn": driver["licence"], "state": state})
    return papers


# --------------------------------------------------------------------------- the board


def waiting(user, span: Span, *, limit: int = WAITING_LIMIT, cursor: str | None = None) -> Page:
    """Requests waiting for a crew from the span's first day to at least WAITING_DAYS ahead
    (and overdue ones still waiting): PENDING, not awaiting the ops review, by planned start.
    Keyset-paginated; the items are list rows (`shipments.detail.list_row_base`), not models."""
    ensure_role(user, READ_ROLES)
    pending = (
        shipment_rows.list_row_base()
        .filter(
            operation_status=OperationStatus.PENDING,
            planned_start__lt=span.waiting_end,
            planned_end__gt=span.start,
        )
        .exclude(review_status=ReviewStatus.AWAITING)
    )
    page = keyset_page(pending, ["planned_start", "id"], limit, cursor)
    page.items = [shipment_rows.nest_customer(row) for row in page.items]
    return page


def board(user, span: Span, filters=None) -> dict:
    """The timeline board of `span` for one page of tractors.

    `filters`: query parameters — `q`, `status`, `owner` (`dispatch.filters.BoardFilter`),
    `groupBy` (owner | status | none, default owner), `group` (a group key of `groupBy`),
    `page` (1-based), `limit` (1-100, default 50). Raises `ValidationFailed` on a bad one.

    Returns {date, days, start, end, groupBy, page, pages, total, limit, tractors: [row with
    its `tasks` (bars)], unassigned: [Shipment] (first WAITING_LIMIT), unassignedNextCursor}.
    """
    ensure_role(user, READ_ROLES)
    params = filters.dict() if hasattr(filters, "dict") else dict(filters or {})
    group_by = (params.get("groupBy") or "owner").lower()
    if group_by not in GROUPS:
        raise _bad("groupBy", _("Group by owner, status or none."))
    if params.get("group") and group_by in ("owner", "status"):
        params[group_by] = params["group"]
    limit = _int(params.get("limit"), "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    page = _int(params.get("page"), "page", 1, 1, 10_000)
    tractors = apply_filters(
        BoardFilter, params, Vehicle.objects.filter(vehicle_type=VehicleType.TRACTOR)
    )
    total = tractors.count()
    pages = max(1, math.ceil(total / limit))
    rows = list(
        tractors.order_by(*_group_order(group_by)).values(*TRACTOR_FIELDS)[
            (page - 1) * limit : page * limit
        ]
    )
    ids = [row["id"] for row in rows]
    now = timezone.now()
    bars = _bars(ids, span, now)
    drivers = _regular_drivers(ids)
    waiting_page = waiting(user, span)
    return {
        "date": span.first,
        "days": span.days,
        "start": span.start.astimezone(dt.UTC),
        "end": span.end.astimezone(dt.UTC),
        "groupBy": group_by,
        "page": page,
        "pages": pages,
        "total": total,
        "limit": limit,
        "tractors": [
            {
                "id": row["public_id"],
                "plate": row["plate"],
                "vehicleType": VehicleType.TRACTOR,
                "status": row["status"],
                "groupKey": _group(row, group_by)[0],
                "group": _group(row, group_by)[1],
                "rentalCompany": row["rental_company"],
                "driver": drivers.get(row["id"]),
                "papers": _row_papers(row, drivers.get(row["id"]), span.first),
                "tasks": bars[row["id"]],
            }
            for row in rows
        ],
        "unassigned": waiting_page.items,
        "unassignedNextCursor": waiting_page.next_cursor,
    }
