"""The KPI dashboard: what happened between two business days (Asia/Ho_Chi_Minh).

Every figure is an aggregate over rows selected by an indexed range: shipments by
`planned_start` (index shp_start / shp_status_start), stops through their shipment
(stop_sequence_unique), driver tasks by `planned_start` (dispatch_task_start_idx). A range
is at most 366 days, so a dashboard reads a bounded slice even with years of history.

Definitions (documented on the page too):
* on time, first stop: the truck arrived (check-in) no later than the end of the stop's
  planned window (its planned departure); delivery: the last check-out (the shipment's
  actual end) no later than the shipment's planned end. Only recorded times are measured
  (imported past trips have none).
* trips: driver tasks not cancelled, by their planned start; trips per tractor per day =
  trips / tractors in service / days; idle tractors: in service and without any trip.
* POD complete: delivered shipments whose every stop was checked out (check-out requires
  every required photo, DOMAIN.md Part A §4).
* late documents: delivered more than `LATE_DOCUMENT_DAYS` days before the end of the range
  and papers still pending (DOC_PENDING).
* revenue invoiced: issued invoices (neither draft nor cancelled) by invoice date, their
  totals with VAT; collected: customer payments by payment date, reversed ones left out
  (VND, integer đồng).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from unicon.billing.models import Invoice, InvoiceStatus
from unicon.billing.receivable_models import Payment
from unicon.core import dates
from unicon.core.errors import ValidationFailed
from unicon.core.permissions import ensure_role
from unicon.core.schemas import to_camel
from unicon.dataio import policies
from unicon.dispatch.models import DriverTask, TaskStatus
from unicon.fleet.models import Vehicle, VehicleStatus, VehicleType
from unicon.shipments.labels import type_label
from unicon.shipments.models import DocumentStatus, OperationStatus, Shipment, Stop

MAX_DAYS = 366
DEFAULT_DAYS = 30
LATE_DOCUMENT_DAYS = 7
TOP = 10


@dataclass
class Figure:
    """A number and the list filter that shows the rows it counts (snake_case names)."""

    label: str
    count: int
    filters: dict[str, str] = field(default_factory=dict)

    @property
    def listable(self) -> bool:
        """Whether the shipment list can show exactly these rows: every filter has a value
        (the list cannot ask for "no type", so that figure has no list)."""
        return all(self.filters.values())


def list_query(filters: dict[str, str]) -> str:
    """A figure's filters as the shipment list's query string (the list's parameter names,
    `dateFrom`, `documentStatus`, …; the same for the API and the page)."""
    return urlencode({to_camel(k): v for k, v in filters.items() if v})


@dataclass
class Rate:
    measured: int
    on_time: int

    @property
    def rate(self) -> float | None:
        return round(self.on_time / self.measured, 4) if self.measured else None


@dataclass
class Money:
    """A sum in VND, how many documents make it, and the list filter that shows them."""

    amount: int
    count: int
    filters: dict[str, str] = field(default_factory=dict)


@dataclass
class Dashboard:
    date_from: dt.date
    date_to: dt.date
    total: Figure
    by_status: list[Figure]
    by_type: list[Figure]
    per_day: list[tuple[dt.date, int]]
    first_stop: Rate
    last_stop: Rate
    tractors_in_service: int
    trips: int
    trips_per_tractor_per_day: float | None
    idle_tractors: list[str]
    top_tractors: list[tuple[str, int]]
    top_drivers: list[tuple[str, int]]
    delivered: int
    pod_complete: int
    documents: list[Figure]
    late_documents: int
    top_customers: list[Figure]
    invoiced: Money
    collected: Money

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1

    @property
    def pod_rate(self) -> float | None:
        return round(self.pod_complete / self.delivered, 4) if self.delivered else None


def _bounds(date_from: dt.date, date_to: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(date_from, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min))
    return start, end


def check_range(date_from: dt.date | None, date_to: dt.date | None) -> tuple[dt.date, dt.date]:
    """The range to show: default the last 30 days to today; refused (400) when reversed or
    longer than 366 days."""
    date_to = date_to or timezone.localdate()
    date_from = date_from or date_to - dt.timedelta(days=DEFAULT_DAYS - 1)
    dates.check_order(date_from, date_to, "dateTo")
    if (date_to - date_from).days + 1 > MAX_DAYS:
        message = _("Choose at most %(days)s days.") % {"days": MAX_DAYS}
        raise ValidationFailed(message, {"dateTo": [message]})
    return date_from, date_to


def _rate(rows, actual: str, planned: str) -> Rate:
    """How many of `rows` have `actual` recorded, and how many of those no later than `planned`."""
    row = rows.filter(**{f"{actual}__isnull": False}).aggregate(
        measured=Count("id"), on_time=Count("id", filter=Q(**{f"{actual}__lte": F(planned)}))
    )
    return Rate(row["measured"], row["on_time"])


def dashboard(user, date_from: dt.date | None = None, date_to: dt.date | None = None) -> Dashboard:
    """Compute every figure for [date_from, date_to] (business days, both included).

    Raises Forbidden (roles other than ADMIN, OPS, ACCOUNTING) and ValidationFailed (range).
    """
    ensure_role(user, policies.KPI_READERS)
    date_from, date_to = check_range(date_from, date_to)
    start, end = _bounds(date_from, date_to)
    window = {"date_from": date_from.isoformat(), "date_to": date_to.isoformat()}
    shipments = Shipment.objects.filter(planned_start__gte=start, planned_start__lt=end)

    status_counts = dict(
        shipments.values_list("operation_status").annotate(n=Count("id")).order_by()
    )
    by_status = [
        Figure(str(label), status_counts.get(value, 0), {**window, "status": value})
        for value, label in OperationStatus.choices
    ]
    type_counts = shipments.values_list("shipment_type").annotate(n=Count("id")).order_by("-n")
    by_type = [
        Figure(type_label(kind) if kind else _("(no type)"), n, {**window, "type": kind})
        for kind, n in type_counts
    ]
    tz = timezone.get_current_timezone()
    per_day = dict(
        shipments.annotate(day=TruncDate("planned_start", tzinfo=tz))
        .values_list("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    days = [date_from + dt.timedelta(days=i) for i in range((date_to - date_from).days + 1)]

    stops = Stop.objects.filter(shipment__planned_start__gte=start, shipment__planned_start__lt=end)
    tasks = DriverTask.objects.filter(planned_start__gte=start, planned_start__lt=end).exclude(
        status=TaskStatus.CANCELLED
    )
    tractors = Vehicle.objects.filter(vehicle_type=VehicleType.TRACTOR, status=VehicleStatus.IN_USE)
    in_service = tractors.count()
    trips = tasks.count()
    busy = tasks.values("tractor_id")

    delivered = shipments.filter(operation_status=OperationStatus.DELIVERED)
    open_stop = Stop.objects.filter(shipment_id=OuterRef("pk"), actual_departure__isnull=True)
    doc_counts = dict(delivered.values_list("document_status").annotate(n=Count("id")).order_by())
    late_before = end - dt.timedelta(days=LATE_DOCUMENT_DAYS)
    customers = (
        shipments.values_list("customer__public_id", "customer__code", "customer__name")
        .annotate(n=Count("id"))
        .order_by("-n", "customer__code")[:TOP]
    )
    return Dashboard(
        date_from=date_from,
        date_to=date_to,
        total=Figure(_("Shipments"), sum(status_counts.values()), window),
        by_status=by_status,
        by_type=by_type,
        per_day=[(day, per_day.get(day, 0)) for day in days],
        first_stop=_rate(stops.filter(sequence=1), "actual_arrival", "planned_departure"),
        last_stop=_rate(delivered, "actual_end", "planned_end"),
        tractors_in_service=in_service,
        trips=trips,
        trips_per_tractor_per_day=round(trips / in_service / len(days), 2) if in_service else None,
        idle_tractors=list(
            tractors.exclude(pk__in=busy).order_by("plate").values_list("plate", flat=True)
        ),
        top_tractors=list(
            tasks.values_list("tractor__plate")
            .annotate(n=Count("id"))
            .order_by("-n", "tractor__plate")[:TOP]
        ),
        top_drivers=list(
            tasks.values_list("driver__user__full_name")
            .annotate(n=Count("id"))
            .order_by("-n", "driver__user__full_name")[:TOP]
        ),
        delivered=sum(doc_counts.values()),
        pod_complete=delivered.filter(~Exists(open_stop)).count(),
        documents=[
            Figure(
                str(label),
                doc_counts.get(value, 0),
                {**window, "status": "DELIVERED", "document_status": value},
            )
            for value, label in DocumentStatus.choices
        ],
        late_documents=delivered.filter(
            document_status=DocumentStatus.DOC_PENDING, actual_end__lt=late_before
        ).count(),
        top_customers=[
            Figure(f"{code} — {name}", n, {**window, "customer": str(public_id)})
            for public_id, code, name, n in customers
        ],
        **_revenue(date_from, date_to),
    )


def _revenue(date_from: dt.date, date_to: dt.date) -> dict[str, Money]:
    """Invoiced and collected money over the range (indexed by invoice / payment date)."""
    dates = {"dateFrom": date_from.isoformat(), "dateTo": date_to.isoformat()}
    invoiced = (
        Invoice.objects.filter(issue_date__gte=date_from, issue_date__lte=date_to)
        .exclude(status__in=[InvoiceStatus.DRAFT, InvoiceStatus.CANCELLED])
        .aggregate(amount=Sum("total"), count=Count("id"))
    )
    collected = Payment.objects.filter(
        paid_on__gte=date_from, paid_on__lte=date_to, reversed_at__isnull=True
    ).aggregate(amount=Sum("amount"), count=Count("id"))
    return {
        "invoiced": Money(invoiced["amount"] or 0, invoiced["count"], dates),
        "collected": Money(collected["amount"] or 0, collected["count"], dates),
    }


def as_json(board: Dashboard, list_url) -> dict[str, Any]:
    """The dashboard as the API returns it; `list_url(filters)` turns a figure's filters
    into the URL of the list it counts."""

    def figure(f: Figure) -> dict:
        return {"label": f.label, "count": f.count, "listUrl": list_url(f.filters)}

    def money(m: Money, path: str) -> dict:
        return {"amount": m.amount, "count": m.count, "listUrl": f"{path}?{urlencode(m.filters)}"}

    def rate(r: Rate) -> dict:
        return {"measured": r.measured, "onTime": r.on_time, "rate": r.rate}

    return {
        "dateFrom": board.date_from,
        "dateTo": board.date_to,
        "days": board.days,
        "shipments": {
            "total": figure(board.total),
            "byStatus": [figure(f) for f in board.by_status],
            "byType": [figure(f) for f in board.by_type],
            "perDay": [{"date": d, "count": n} for d, n in board.per_day],
        },
        "onTime": {"firstStop": rate(board.first_stop), "lastStop": rate(board.last_stop)},
        "fleet": {
            "tractorsInService": board.tractors_in_service,
            "trips": board.trips,
            "tripsPerTractorPerDay": board.trips_per_tractor_per_day,
            "idleTractors": board.idle_tractors,
            "topTractors": [{"plate": p, "trips": n} for p, n in board.top_tractors],
            "topDrivers": [{"name": p, "trips": n} for p, n in board.top_drivers],
        },
        "documents": {
            "delivered": board.delivered,
            "podComplete": board.pod_complete,
            "podRate": board.pod_rate,
            "byStatus": [figure(f) for f in board.documents],
            "late": board.late_documents,
        },
        "revenue": {
            "invoiced": money(board.invoiced, "/api/billing/invoices"),
            "collected": money(board.collected, "/api/billing/payments"),
        },
        "topCustomers": [figure(f) for f in board.top_customers],
    }
