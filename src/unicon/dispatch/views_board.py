"""The dispatcher's timeline board page and its "this request on this tractor" action.

The data comes from `dispatch.timeline.board` (the API's `GET /api/dispatch/board`); this
module only lays the bars out (percent offsets of the range) and calls
`dispatch.services.dispatch_to_tractor` for the choice (or the drop) of a request and a row.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unicon.core.display import vndatetime, vntime
from unicon.core.errors import Conflict, ServiceError, ValidationFailed
from unicon.core.filtering import errors_of
from unicon.core.ids import as_uuid
from unicon.core.permissions import role_required
from unicon.dispatch import crew as dispatch_crew
from unicon.dispatch import policies as dispatch_policies
from unicon.dispatch import services as dispatch_services
from unicon.dispatch import timeline
from unicon.dispatch.board_html import BarPainter
from unicon.dispatch.models import ACTIVE_STATUSES, TaskStatus
from unicon.dispatch.policies import PAPER_NAMES
from unicon.fleet import services as fleet_services
from unicon.fleet.models import Ownership, VehicleStatus, format_plate
from unicon.shipments.labels import choice_label, type_label
from unicon.shipments.versions import read_version
from unicon.web.common import report

#: Filters and layout kept in the board's links (paging, range moves).
KEPT = ("q", "status", "owner", "groupBy", "group", "limit")
#: Smallest bar width (percent of the range), so a short trip stays clickable.
MIN_WIDTH = 0.8


def _pct(moment: dt.datetime, start: dt.datetime, seconds: float) -> float:
    return max(0.0, min(100.0, (moment - start).total_seconds() / seconds * 100))


def _ticks(span: timeline.Span) -> list[dict]:
    """The hour columns: every hour for one day, every 3 h up to 3 days, every 6 h beyond;
    a day's first tick carries the date."""
    step = 1 if span.days == 1 else 3 if span.days <= 3 else 6
    hours = span.days * 24
    ticks = []
    for hour in range(0, hours, step):
        day = span.first + dt.timedelta(days=hour // 24)
        ticks.append(
            {
                "left": hour / hours * 100,
                "width": step / hours * 100,
                "hour": f"{hour % 24:02d}",
                "day": f"{day:%d/%m}" if hour % 24 == 0 and span.days > 1 else "",
            }
        )
    return ticks


def _lay_out(row: dict, span: timeline.Span, now: dt.datetime, painter: BarPainter) -> None:
    """Add to each bar its place on the track (`style`: left and width in percent), its texts
    and its HTML (`board_html`), and to the row its plate, paper and status badges. A running
    trip past its planned end is drawn up to now."""
    start, seconds = span.start, (span.end - span.start).total_seconds()
    for bar in row["tasks"]:
        begin = bar["startedAt"] or bar["plannedStart"]
        if bar["status"] == "PENDING":
            begin = bar["plannedStart"]
        finish = bar["completedAt"] or bar["plannedEnd"]
        if bar["status"] == "IN_PROGRESS":
            finish = max(bar["plannedEnd"], now)
        left = _pct(begin, start, seconds)
        width = max(MIN_WIDTH, _pct(finish, start, seconds) - left)
        bar["style"] = f"left:{left:.3f}%;width:{width:.3f}%"
        _describe(bar)
        bar["html"] = painter.html(bar)
    row["plate_label"] = format_plate(row["plate"])
    row["status_label"] = choice_label(VehicleStatus, row["status"])
    row["assign_label"] = _("Assign the chosen request to %(plate)s") % {
        "plate": row["plate_label"]
    }
    row["papers_shown"] = [_paper_badge(p) for p in row["papers"]]


def _describe(bar: dict) -> None:
    shipment = bar["shipment"]
    bar["status_label"] = choice_label(TaskStatus, bar["status"])
    bar["trailer_plate"] = format_plate(bar["trailer"]["plate"]) if bar["trailer"] else ""
    bar["when"] = f"{vndatetime(bar['plannedStart'])} – {vndatetime(bar['plannedEnd'])}"
    crew = " · ".join(
        part for part in (bar["driver"]["name"], bar["trailer_plate"], shipment["customer"]) if part
    )
    bar["crew"] = crew
    bar["title"] = f"{shipment['number']} · {bar['when']} · {bar['status_label']} · {crew}"


def _waiting_card(waiting: dict, now: dt.datetime, assign_url) -> dict:
    """A waiting request as its card shows it (texts made here, not by template tags)."""
    waiting["priority_class"] = waiting["priority"].lower()
    waiting["overdue"] = waiting["planned_start"] < now
    waiting["type_text"] = type_label(waiting["shipment_type"])
    waiting["when"] = f"{vndatetime(waiting['planned_start'])} → {vntime(waiting['planned_end'])}"
    waiting["assign_url"] = assign_url(waiting["public_id"])
    return waiting


def _paper_badge(paper: dict) -> dict:
    expired = paper["state"] == fleet_services.PaperState.EXPIRED
    text = _("%(paper)s expired %(on)s") if expired else _("%(paper)s until %(on)s")
    name = PAPER_NAMES.get(paper["paper"], paper["paper"])
    return {
        "text": text % {"paper": name, "on": vndatetime(paper["expiresOn"])},
        "expired": expired,
    }


def _params(request: HttpRequest, **changes) -> str:
    """The board's query string with `changes` (None removes a parameter)."""
    params = {k: request.GET[k] for k in ("from", "days", *KEPT) if request.GET.get(k)}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return urlencode(params)


def _group_choices(user, group_by: str) -> list[tuple[str, str]]:
    if group_by == "status":
        return [(s.value, s.label) for s in VehicleStatus]
    if group_by == "owner":
        entities = fleet_services.list_legal_entities(user, limit=100).items
        return [(e.code, e.name) for e in entities] + [(Ownership.RENTAL, _("Rented"))]
    return []


def _driver_order(rows: list[dict]) -> list[dict]:
    """The drivers of the shown trips with their open trips in running order (the ↑/↓), each
    with its labels and the driver's reorder link made once."""
    drivers: dict = {}
    for row in rows:
        for bar in row["tasks"]:
            driver = bar["driver"]
            entry = drivers.get(driver["id"])
            if entry is None:
                url = reverse("dispatcher-reorder", args=[driver["id"]])
                entry = drivers[driver["id"]] = {"driver": driver, "tasks": [], "reorder_url": url}
            entry["tasks"].append(bar)
    for entry in drivers.values():
        entry["tasks"].sort(key=lambda b: (b["sequence"], b["plannedStart"]))
        for bar in entry["tasks"]:
            number = {"n": bar["shipment"]["number"]}
            bar["start_time"] = vntime(bar["plannedStart"])
            bar["movable"] = bar["status"] in ACTIVE_STATUSES  # what dispatch.order reorders
            bar["earlier_label"] = _("Move %(n)s earlier") % number
            bar["later_label"] = _("Move %(n)s later") % number
    return sorted(drivers.values(), key=lambda e: e["driver"]["name"])


@role_required(*dispatch_policies.DISPATCH_ROLES)
def board(request: HttpRequest) -> HttpResponse:
    """`/dispatcher/?from=&days=&q=&groupBy=&group=&status=&page=`: the timeline board."""
    user = request.user
    error = ""
    try:
        span = timeline.parse_span(
            request.GET.get("date"), request.GET.get("from"), request.GET.get("days")
        )
        data = timeline.board(user, span, request.GET)
    except ValidationFailed as exc:  # said on the page, with what is shown instead
        error = f"{errors_of(exc)} {_('Showing today, 1 day, instead.')}"
        span = timeline.Span(timezone.localdate(), 1)
        data = timeline.board(user, span, {})
    now = timezone.now()
    painter = BarPainter(quote(request.get_full_path(), safe="/"))
    for row in data["tractors"]:
        _lay_out(row, span, now, painter)
    shift = dt.timedelta(days=span.days)
    context = {
        "span": span,
        "data": data,
        "rows": data["tractors"],
        "unassigned": [_waiting_card(s, now, painter.assign) for s in data["unassigned"]],
        "error": error,
        "now_left": _pct(now, span.start, (span.end - span.start).total_seconds())
        if span.start <= now < span.end
        else None,
        "ticks": _ticks(span),
        "day_choices": range(1, timeline.MAX_DAYS + 1),
        "group_choices": _group_choices(user, data["groupBy"]),
        "status_choices": [(s.value, s.label) for s in VehicleStatus],
        "prev_query": _params(request, **{"from": (span.first - shift).isoformat(), "page": None}),
        "next_query": _params(request, **{"from": (span.first + shift).isoformat(), "page": None}),
        "page_query": _params(request, **{"from": span.first.isoformat(), "days": str(span.days)}),
        "filters": {k: request.GET.get(k, "") for k in KEPT},
        "this_url": request.get_full_path(),
        "drivers": _driver_order(data["tractors"]) if span.days == 1 else [],
        "order_day": span.first.isoformat(),
        # one hidden token for the many small forms ({% csrf_token %} masks anew each time)
        "csrf_input": format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
        ),
    }
    template = "dispatch/board.html"
    if request.htmx and request.htmx.target == "board":
        template = "dispatch/_board.html"
    return render(request, template, context)


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("dispatcher-home")


@role_required(*dispatch_policies.DISPATCH_ROLES)
def move(request: HttpRequest, public_id) -> HttpResponse:
    """`/dispatcher/board/move/<shipment>/?version=&q=&next=`: "move to…" for a trip bar
    without dragging — the tractor rows with their regular driver and trailer, the available
    ones first, each unavailable one with its short reasons (`crew.row_choices`). Each row is
    a button posting to `assign_to_row` with the version the bar was drawn with."""
    try:
        version = read_version(request.GET.get("version"), required=False)
        shipment, rows, more = dispatch_crew.row_choices(
            request.user, public_id, q=request.GET.get("q", "")
        )
    except ServiceError as exc:
        report(request, exc)
        return redirect(reverse("dispatcher-home"))
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("dispatcher-home")
    context = {
        "shipment": shipment,
        "current": shipment.current_task,
        "rows": rows,
        "more": more,
        "q": request.GET.get("q", ""),
        "version": version or shipment.version,  # the bar's, else the one shown now
        "next": back,
    }
    return render(request, "dispatch/move.html", context)


@require_POST
@role_required(*dispatch_policies.DISPATCH_ROLES)
def assign_to_row(request: HttpRequest) -> HttpResponse:
    """A waiting request chosen (or dropped) on a tractor row, or a trip bar moved to another
    row (with `version`, the re-assign's version check): the row's regular driver and trailer
    take it (`dispatch_to_tractor`). Refused or no regular driver: the full assign form, with
    that tractor chosen and the reasons shown."""
    shipment_id = as_uuid(request.POST.get("shipment_id"))
    tractor_id = as_uuid(request.POST.get("tractor_id"))
    if shipment_id is None:
        messages.error(request, _("Choose a waiting request first, then its tractor."))
        return redirect(_back(request))
    if tractor_id is None:
        messages.error(request, _("Choose the tractor row for this request."))
        return redirect(_back(request))
    try:
        # empty for a waiting request (a first assignment); a moved bar sends the one it shows
        version = read_version(request.POST.get("version"), required=False)
        task = dispatch_services.dispatch_to_tractor(
            request.user, shipment_id, tractor_id, version=version
        )
    except Conflict as exc:
        details = exc.details if isinstance(exc.details, dict) else {}
        if details.get("reason") == "SAME_TRACTOR":  # nothing to choose in the full form
            messages.error(request, exc.message)
            return redirect(_back(request))
        problems = details.get("problems")
        messages.error(request, " ".join(map(str, problems)) if problems else exc.message)
        form = reverse("dispatcher-assign", args=[shipment_id])
        return redirect(f"{form}?{urlencode({'tractor_id': str(tractor_id)})}")
    except ServiceError as exc:
        report(request, exc)
        return redirect(_back(request))
    messages.success(
        request,
        _("Shipment %(number)s assigned to %(driver)s (%(tractor)s).")
        % {"number": task.shipment.number, "driver": task.driver, "tractor": task.tractor},
    )
    return redirect(_back(request))
