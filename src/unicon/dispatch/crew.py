"""The crew pickers: every driver, tractor and trailer with why it cannot take a trip.

One read for the API (`GET /api/dispatch/crew`) and the pages (assign, quick dispatch, hand
over). The reasons are `dispatch.policies.Reason`s — the same sentences the dispatch service
refuses with — computed over the trip's window: a shipment's planned window (a running
shipment: from now to its planned end, as a hand-over checks), or a whole business day. The
shipment's own active task does not count, so its current crew is not "busy" when it is
re-assigned. Constant query count: bookings, then per list its facts (plain values) and the
model instances of the page shown (+ the shipment).

On a busy day (hundreds of booked drivers and vehicles) only what is asked for is worded:
each list is filtered (`q`, `available`), ordered (available first) and cut to a page
*before* the reasons are written, from a cheap test of the same facts (`_blocked`). The
board's "move to…" (`row_choices`) reads the same lists.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from unicon.core.errors import ValidationFailed
from unicon.core.permissions import ensure_role
from unicon.dispatch import policies
from unicon.dispatch.models import DriverTask
from unicon.dispatch.policies import READ_ROLES
from unicon.dispatch.services import business_day, shipment_services, trip_dates
from unicon.fleet import services as fleet_services
from unicon.fleet.models import Driver, DriverStatus, Vehicle, VehicleStatus, VehicleType
from unicon.shipments.models import OperationStatus

#: Unavailable entries a page's picker lists after the available ones (the reasons of the
#: others are one search away in the API; they cannot be assigned anyway).
PICKER_UNAVAILABLE = 40
#: Entries per list and page by default, and at most (`limit`).
DEFAULT_LIMIT = 50
MAX_LIMIT = 500
KINDS = ("drivers", "tractors", "trailers")


@dataclass
class Option:
    """One entry of a picker: the driver or vehicle, why it cannot take the trip (empty:
    available) and its papers expiring soon (`fleet.services.PaperWarning`)."""

    obj: Driver | Vehicle
    reasons: list[policies.Reason] = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def available(self) -> bool:
        return not self.reasons

    @property
    def why(self) -> str:
        """The short reasons in one line (the picker's option text)."""
        return "; ".join(r.short or r.message for r in self.reasons)

    @property
    def warning_labels(self) -> list[tuple[str, dt.date]]:
        """(the paper's name in the reader's language, its expiry date) per warning."""
        return [
            (policies.PAPER_NAMES.get(w.document, w.document), w.expires_on) for w in self.warnings
        ]


@dataclass
class Count:
    """How many entries matched the filters (`total`), how many of them are available."""

    total: int = 0
    available: int = 0


@dataclass
class Crew:
    start: dt.datetime
    end: dt.datetime
    drivers: list[Option]
    tractors: list[Option]
    trailers: list[Option]
    counts: dict[str, Count] = field(default_factory=dict)
    hidden: dict[str, int] = field(default_factory=dict)
    page: int = 1
    limit: int | None = None


def window_of(shipment) -> tuple[dt.datetime, dt.datetime]:
    """The window a crew is checked over: a running shipment's rest (now → planned end, as a
    hand-over), else its planned window."""
    if shipment.operation_status == OperationStatus.IN_TRANSIT:
        now = timezone.now()
        return now, max(now, shipment.planned_end)
    return shipment.planned_start, shipment.planned_end


def bookings(start: dt.datetime, end: dt.datetime, *, exclude_shipment=None) -> dict:
    """{("driver" | "vehicle", pk): the first active task holding it during [start, end)} in
    one query; the tasks of `exclude_shipment` do not count."""
    tasks = (
        DriverTask.objects.active()
        .overlapping(start, end)
        .select_related("shipment")
        .only(
            "driver_id",
            "tractor_id",
            "trailer_id",
            "status",
            "planned_start",
            "planned_end",
            "shipment__number",
        )
        .order_by("planned_start", "id")
    )
    if exclude_shipment is not None:
        tasks = tasks.exclude(shipment=exclude_shipment)
    held: dict = {}
    for task in tasks:
        held.setdefault(("driver", task.driver_id), task)
        held.setdefault(("vehicle", task.tractor_id), task)
        if task.trailer_id is not None:
            held.setdefault(("vehicle", task.trailer_id), task)
    return held


def _warnings(obj, first: dt.date) -> list:
    return [
        w
        for w in fleet_services.expiry_warnings(obj, first)
        if w.state == fleet_services.PaperState.EXPIRING_SOON
    ]


# (plain strings: an enum member's attribute lookup costs ~15 µs, 900 times on a busy day)
_ACTIVE, _IN_USE = str(DriverStatus.ACTIVE.value), str(VehicleStatus.IN_USE.value)
_PAPER_FIELDS = {
    kind: tuple(name for _paper, name in fleet_services.PAPERS[model])
    for kind, model in (("drivers", Driver), ("tractors", Vehicle), ("trailers", Vehicle))
}


def _blocked(fact: dict, kind: str, last: dt.date, held: dict) -> bool:
    """The facts `policies.driver_reasons` / `vehicle_reasons` word, tested without wording
    them (a paper valid through its expiry date, so it must last until the trip's last day)."""
    if kind == "drivers":
        if fact["status"] != _ACTIVE or ("driver", fact["pk"]) in held:
            return True
    elif fact["status"] != _IN_USE or ("vehicle", fact["pk"]) in held:
        return True
    return any((expiry := fact[name]) is not None and expiry < last for name in _PAPER_FIELDS[kind])


def _reasons(
    obj, kind: str, first: dt.date, last: dt.date, held: dict, full: bool = True
) -> list[policies.Reason]:
    if kind == "drivers":
        reasons = policies.driver_reasons(obj, first, last, held.get(("driver", obj.pk)))
    else:
        reasons = policies.vehicle_reasons(
            obj, obj.vehicle_type, first, last, held.get(("vehicle", obj.pk))
        )
    return reasons if full else [replace(r, message="") for r in reasons]


def _number(value, name: str, default: int, high: int) -> int:
    try:
        number = int(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= high:
        message = _("Enter a number from %(low)s to %(high)s.") % {"low": 1, "high": high}
        raise ValidationFailed(message, {name: [message]})  # pages: "Rows per page: Enter…"
    return number


#: What deciding "blocked", sorting and the board's regular crews read of each candidate.
_FACTS = {
    "drivers": (
        "pk",
        "public_id",
        "status",
        "user__full_name",
        "default_tractor_id",
        "default_trailer_id",
        *_PAPER_FIELDS["drivers"],
    ),
    "tractors": ("pk", "public_id", "status", "plate", *_PAPER_FIELDS["tractors"]),
    "trailers": ("pk", "public_id", "status", "plate", *_PAPER_FIELDS["trailers"]),
}


def _candidates(kind: str, q: str = ""):
    """The drivers (not INACTIVE) or vehicles of `kind` matching `q` (name, phone, plate),
    with only the fields a picker and the reasons read."""
    q = (q or "").strip()
    if kind == "drivers":
        rows = (
            Driver.objects.exclude(status=DriverStatus.INACTIVE)
            .select_related("user", "default_tractor", "default_trailer")
            .only(
                "public_id",
                "status",
                "licence_expiry",
                "user__full_name",
                "default_tractor__public_id",
                "default_trailer__public_id",
            )
        )
        if q:
            rows = rows.filter(Q(user__full_name__icontains=q) | Q(phone__icontains=q))
        return rows
    vehicle_type = VehicleType.TRACTOR if kind == "tractors" else VehicleType.TRAILER
    rows = Vehicle.objects.filter(vehicle_type=vehicle_type).only(
        "public_id",
        "plate",
        "vehicle_type",
        "status",
        "inspection_expiry",
        "insurance_expiry",
        "operation_permit_expiry",
    )
    if q:
        rows = rows.filter(plate__icontains=re.sub(r"[^0-9A-Za-z]", "", q).upper())
    return rows


def _key(fact: dict, kind: str):
    return (fact["user__full_name"], fact["pk"]) if kind == "drivers" else (fact["plate"],)


def _instances(kind: str, facts: list[dict]) -> list[Driver | Vehicle]:
    """The drivers or vehicles of `facts`, in their order: one query for a page of them."""
    found = _candidates(kind).in_bulk([fact["pk"] for fact in facts])
    return [found[fact["pk"]] for fact in facts if fact["pk"] in found]


@dataclass
class _Window:
    """The facts a crew is checked against: the trip's days and the bookings in its window."""

    start: dt.datetime
    end: dt.datetime
    first: dt.date
    last: dt.date
    held: dict

    def rows(self, kind: str, q: str = "") -> list[tuple[bool, dict]]:
        """(blocked, facts) of each driver or vehicle of `kind` matching `q`, available first,
        not worded; the facts are `_FACTS` (plain values: a busy fleet is a thousand rows,
        and only a page of them becomes model instances, through `options`)."""
        facts = _candidates(kind, q).values(*_FACTS[kind])
        rows = [(_blocked(fact, kind, self.last, self.held), fact) for fact in facts]
        rows.sort(key=lambda row: (row[0], _key(row[1], kind)))
        return rows

    def options(self, kind: str, facts: list[dict], full: bool = True) -> list[Option]:
        """The entries of `facts` (a page of `rows`) with their reasons worded."""
        return [self.option(obj, kind, full) for obj in _instances(kind, facts)]

    def option(self, obj, kind: str, full: bool = True) -> Option:
        """The entry of `obj` with its reasons worded (and its papers expiring soon)."""
        reasons = _reasons(obj, kind, self.first, self.last, self.held, full)
        return Option(obj, reasons, _warnings(obj, self.first))


def _window_for(user, shipment_id=None, day: dt.date | None = None, shipment=None):
    ensure_role(user, READ_ROLES)
    if shipment is None and shipment_id is not None:
        shipment = shipment_services().get_visible_shipment(user, shipment_id)
    if shipment is not None:
        start, end = window_of(shipment)
    else:
        start, end = business_day(day or timezone.localdate())
    first, last = trip_dates(start, end)
    return shipment, _Window(
        start, end, first, last, bookings(start, end, exclude_shipment=shipment)
    )


def crew_options(
    user,
    *,
    shipment_id=None,
    day: dt.date | None = None,
    shipment=None,
    kinds: tuple[str, ...] = KINDS,
    q: str = "",
    available_only: bool = False,
    page=None,
    limit=None,
    full: bool = True,
    unavailable_limit: int | None = None,
    keep: frozenset[str] = frozenset(),
) -> Crew:
    """The drivers (but INACTIVE ones), tractors and trailers (`kinds`) matching `q`, each
    with its reasons for the trip of `shipment_id` (or an already visible `shipment`) or,
    without one, for the whole business `day` (default today). Available ones first; with
    `available_only` only those. One `page` of `limit` entries per list (default: all; the
    API sends 50); `counts` says how many matched. A page's picker sends every available one
    but only the first `unavailable_limit` unavailable ones (and those whose public id is in
    `keep`: the chosen ones); `Crew.hidden` counts the rest. The reasons are worded for the
    entries sent only; without `full` each keeps its code, short text and details but not
    the full sentence. DISPATCHER, OPS, ADMIN. Bad page/limit: 400."""
    ensure_role(user, READ_ROLES)
    page = _number(page, "page", 1, 10_000)
    limit = _number(limit, "limit", MAX_LIMIT, MAX_LIMIT) if limit is not None else None
    _shipment, window = _window_for(user, shipment_id, day, shipment)
    lists: dict[str, list[Option]] = {kind: [] for kind in KINDS}
    counts: dict[str, Count] = {}
    hidden: dict[str, int] = {}
    for kind in kinds:
        rows = window.rows(kind, q)
        count = counts[kind] = Count(len(rows), sum(1 for blocked, _obj in rows if not blocked))
        if available_only:
            rows = rows[: count.available]
            count.total = count.available
        if limit:
            rows = rows[(page - 1) * limit : page * limit]
        if unavailable_limit is not None:
            shown = rows[: count.available + unavailable_limit]
            shown += [r for r in rows[len(shown) :] if str(r[1]["public_id"]) in keep]
            hidden[kind] = len(rows) - len(shown)
            rows = shown
        lists[kind] = window.options(kind, [fact for _blocked_, fact in rows], full)
    return Crew(
        start=window.start,
        end=window.end,
        counts=counts,
        page=page,
        limit=limit,
        hidden=hidden,
        **lists,
    )


@dataclass
class RowChoice:
    """A tractor row as a target of the board's "move to…": the tractor, its regular driver
    and that driver's default trailer (who `services.dispatch_to_tractor` would assign)."""

    tractor: Option
    driver: Option | None
    trailer: Option | None
    #: the tractor the trip is on now: shown as such, never offered (`policies.movable_to`)
    current: bool = False

    @property
    def reasons(self) -> list[policies.Reason]:
        return [r for o in (self.tractor, self.driver, self.trailer) if o for r in o.reasons]

    @property
    def available(self) -> bool:
        return not self.current and self.driver is not None and not self.reasons

    @property
    def why(self) -> str:
        return "; ".join(r.short or r.message for r in self.reasons)


def row_choices(user, shipment_id, *, q: str = "", limit: int = DEFAULT_LIMIT):
    """(the shipment with `current_task`, the tractor rows matching `q` with their regular
    crew — ready ones first, `limit` of them, only those worded —, how many more matched)
    for moving a trip to another row. Seven queries for the crew whatever the fleet size."""
    shipment, window = _window_for(user, shipment_id)
    regular: dict = {}  # tractor pk → (blocked, its regular driver), as dispatch_to_tractor
    for blocked, driver in sorted(window.rows("drivers"), key=lambda row: _key(row[1], "drivers")):
        if driver["status"] == _ACTIVE and driver["default_tractor_id"]:
            regular.setdefault(driver["default_tractor_id"], (blocked, driver))
    trailers = {fact["pk"]: (blocked, fact) for blocked, fact in window.rows("trailers")}
    candidates = []
    for blocked, tractor in window.rows("tractors", q):
        driver = regular.get(tractor["pk"])
        trailer = trailers.get(driver[1]["default_trailer_id"]) if driver else None
        ready = not blocked and driver is not None and not driver[0]
        ready = ready and not (trailer and trailer[0])
        candidates.append((not ready, tractor, driver, trailer))
    candidates.sort(key=lambda row: row[0])
    shown = candidates[:limit]
    options = {
        (kind, option.obj.pk): option
        for kind, facts in (
            ("tractors", [tractor for _busy, tractor, _d, _t in shown]),
            ("drivers", [driver[1] for _busy, _tr, driver, _t in shown if driver]),
            ("trailers", [trailer[1] for _busy, _tr, _d, trailer in shown if trailer]),
        )
        for option in window.options(kind, facts)
    }
    shipment.current_task = current = (
        shipment.tasks.active().select_related("driver__user", "tractor").first()
    )
    rows = [
        RowChoice(
            options[("tractors", tractor["pk"])],
            options[("drivers", driver[1]["pk"])] if driver else None,
            options[("trailers", trailer[1]["pk"])] if trailer else None,
            current=not policies.movable_to(current, tractor["pk"]),
        )
        for _busy, tractor, driver, trailer in shown
    ]
    return shipment, rows, max(0, len(candidates) - limit)
