"""Dispatch and driver-execution endpoints. Thin: parse, call one service, return its result.

Refusals are `409 CONFLICT` with a message naming the blocker (the other shipment, the
expired document and its date, the vehicle status, …) and `details.problems` listing all of
them. A wrong vehicle type (trailer given as tractor, …) is also a 409.
"""

from typing import Literal
from uuid import UUID

from django.http import HttpRequest
from ninja import Header, Query, Router, Status

from unicon.core.pagination import Paged
from unicon.dispatch import crew as dispatch_crew
from unicon.dispatch import handover as dispatch_handover
from unicon.dispatch import order as dispatch_order
from unicon.dispatch import queries as dispatch_queries
from unicon.dispatch import services
from unicon.dispatch import timeline as dispatch_timeline
from unicon.dispatch import trips as dispatch_trips
from unicon.dispatch.schemas import (
    AvailabilityOut,
    BoardAssignIn,
    BoardOut,
    CrewOut,
    DispatchIn,
    DriverTaskOut,
    HandOverIn,
    MoveIn,
    OrderIn,
    QuickDispatchIn,
    ShipmentRef,
    StopActionIn,
    TaskOut,
    UnassignIn,
    UnassignOut,
)

router = Router(tags=["dispatch"], by_alias=True)


@router.post(
    "/shipments/{shipment_id}/dispatch",
    response={200: TaskOut},
    summary="Assign (or re-assign) a shipment to a driver, tractor and trailer",
)
def dispatch_shipment(
    request: HttpRequest,
    shipment_id: UUID,
    payload: DispatchIn,
    if_match: str | None = Header(None, alias="If-Match"),
):
    """PENDING → DISPATCHED, or re-assign a DISPATCHED shipment (the active task is closed and
    kept in history). Re-assigning needs the shipment version (`version` or `If-Match`); a
    stale version answers 409. DISPATCHER/ADMIN."""
    return services.dispatch(
        request.user,
        shipment_id,
        driver_id=payload.driver_id,
        tractor_id=payload.tractor_id,
        trailer_id=payload.trailer_id,
        instructions=payload.instructions,
        sequence=payload.sequence,
        version=services.version_from(if_match, payload.version),
        confirm_container=payload.confirm_container,
    )


@router.post(
    "/dispatch/quick",
    response={201: TaskOut},
    summary="Create a shipment and assign it in one step",
)
def quick_dispatch(request: HttpRequest, payload: QuickDispatchIn):
    """The fields of `POST /api/shipments` plus `driverId`, `tractorId`, `trailerId?`,
    `instructions`. All or nothing: a refused assignment creates no shipment. DISPATCHER/ADMIN."""
    crew = {"driver_id", "tractor_id", "trailer_id", "instructions"}
    task = services.quick_dispatch(
        request.user, payload.model_dump(exclude=crew), **payload.model_dump(include=crew)
    )
    return Status(201, task)


@router.post(
    "/shipments/{shipment_id}/handover",
    response={201: TaskOut},
    summary="Hand the remaining stops of a running trip to another crew",
    operation_id="handOverTrip",
)
def hand_over_trip(
    request: HttpRequest,
    shipment_id: UUID,
    payload: HandOverIn,
    if_match: str | None = Header(None, alias="If-Match"),
):
    """IN_TRANSIT only (409 otherwise): the running task ends as HANDED_OVER with `reason`
    (kept in history with the stops it completed), a new task for the new crew covers the
    remaining stops and starts at the new driver's first check-in; the shipment stays
    IN_TRANSIT. The new crew passes every assignment check (409 with `details.problems`).
    DISPATCHER/ADMIN. Answers the new task."""
    task = dispatch_handover.hand_over(
        request.user,
        shipment_id,
        driver_id=payload.driver_id,
        tractor_id=payload.tractor_id,
        trailer_id=payload.trailer_id,
        reason=payload.reason,
        instructions=payload.instructions,
        version=services.version_from(if_match, payload.version),
    )
    return Status(201, task)


@router.delete(
    "/shipments/{shipment_id}/dispatch",
    response=UnassignOut,
    summary="Unassign a dispatched shipment (back to PENDING)",
)
def unassign_shipment(
    request: HttpRequest,
    shipment_id: UUID,
    payload: UnassignIn | None = None,
    if_match: str | None = Header(None, alias="If-Match"),
):
    payload = payload or UnassignIn()
    shipment = services.unassign(
        request.user,
        shipment_id,
        version=services.version_from(if_match, payload.version),
        reason=payload.reason,
    )
    return {"shipment": shipment}


@router.put(
    "/dispatch/drivers/{driver_id}/order",
    response=list[TaskOut],
    summary="Re-order a driver's open tasks",
)
def reorder_driver_tasks(request: HttpRequest, driver_id: UUID, payload: OrderIn):
    """`taskIds` must be exactly the driver's open (PENDING/IN_PROGRESS) tasks, in the new order."""
    return dispatch_order.reorder(request.user, driver_id, payload.task_ids)


@router.post(
    "/dispatch/drivers/{driver_id}/order/move",
    response=list[TaskOut],
    summary="Move one of a driver's open tasks up or down",
)
def move_driver_task(request: HttpRequest, driver_id: UUID, payload: MoveIn):
    """The dispatcher's up/down arrows: swaps the task with its neighbour in the current
    running order and saves the whole order; at the top/bottom nothing moves. A task that is
    not one of the driver's open tasks answers 400."""
    return dispatch_order.move_task(request.user, driver_id, payload.task_id, payload.direction)


@router.get(
    "/dispatch/availability",
    response=AvailabilityOut,
    summary="Drivers and vehicles free on a day",
)
def get_availability(request: HttpRequest, date: str | None = None):
    """Free = no active task that `date` (ISO or dd/mm/yyyy, 2000-01-01..2099-12-31; default
    today), usable (ACTIVE driver / IN_USE vehicle) and papers valid on that day. Drivers come
    with their default tractor and trailer."""
    return dispatch_queries.availability(request.user, services.parse_day(date))


@router.get(
    "/dispatch/crew",
    response=CrewOut,
    summary="Crew pickers: every driver, tractor and trailer with why it is not available",
    operation_id="crewOptions",
)
def get_crew(
    request: HttpRequest,
    shipmentId: UUID | None = None,
    date: str | None = Query(None, description="ISO or dd/mm/yyyy: the whole day (no shipment)"),
    kind: Literal["drivers", "tractors", "trailers"] | None = Query(
        None, description="only this list (default: all three)"
    ),
    q: str = Query("", max_length=100, description="name or phone (drivers), plate"),
    available: bool = Query(False, description="true: only the available ones"),
    full: bool = Query(False, description="true: each reason's full sentence too"),
    page: int = Query(1, ge=1, le=10_000),
    limit: int = Query(dispatch_crew.DEFAULT_LIMIT, ge=1, le=dispatch_crew.MAX_LIMIT),
):
    """For the planned window of `shipmentId` (a shipment in transit: now → its planned end,
    as a hand-over) or the whole business `date` (default today). Each list holds one page
    (`page`, `limit` ≤ 500, default 50) of the entries matching `q`, available ones first
    (`available=true`: only those); `counts` says how many matched and how many are free.
    Each entry says `available` and, when not, compact `reasons`: `code` and `short` — which
    trip holds it (BOOKED/RUNNING with the shipment number and window), which paper expired
    (PAPER_EXPIRED), which status (DRIVER_STATUS / VEHICLE_STATUS) — with `details`;
    `full=true` adds `message`, the very sentence `POST …/dispatch` refuses with. The
    shipment's own crew is not busy with it. `warnings`: papers expiring within 30 days.
    DISPATCHER, OPS, ADMIN; a constant number of queries."""
    return dispatch_crew.crew_options(
        request.user,
        shipment_id=shipmentId,
        day=services.parse_day(date) if date else None,
        kinds=(kind,) if kind else dispatch_crew.KINDS,
        q=q,
        available_only=available,
        page=page,
        limit=limit,
        full=full,
    )


@router.get("/dispatch/board", response=BoardOut, summary="The dispatcher's timeline board")
def get_board(
    request: HttpRequest,
    from_: str | None = Query(None, alias="from", description="first day, ISO or dd/mm/yyyy"),
    date: str | None = Query(None, description="ISO or dd/mm/yyyy, one day (older `from`)"),
    days: int | None = Query(None, description="1-7 days from `from` (default 1)"),
    q: str | None = Query(None, description="plate, owner, rental company or driver name"),
    status: str | None = Query(None, description="IN_USE, MAINTENANCE or OUT_OF_SERVICE"),
    owner: str | None = Query(None, description="a legal entity's code, or RENTAL"),
    groupBy: str | None = Query(None, description="owner (default), status or none"),
    group: str | None = Query(None, description="a `groupKey` of the chosen grouping"),
    page: int | None = Query(None, description="1-based page of tractors"),
    limit: int | None = Query(None, description="tractors per page, 1-100 (default 50)"),
):
    """Tractor rows (paged, grouped, filtered) with their trips (bars) over `from`
    (ISO or dd/mm/yyyy; `date` is the older one-day form; default today) and `days`
    (1-7): per row the plate, status, group, regular driver, papers expired or expiring
    within 30 days; per bar the window, status, `late`/`overrun`, shipment number and
    version, driver, trailer and customer code. `unassigned`: the first 50 requests waiting
    for a crew from `from` to at least 7 days ahead (the rest via `GET
    /api/dispatch/waiting`). A bad parameter answers 400 naming it. Constant query count."""
    span = dispatch_timeline.parse_span(date, from_, days)
    return dispatch_timeline.board(request.user, span, request.GET)


@router.get(
    "/dispatch/waiting",
    response=Paged[ShipmentRef],
    summary="Requests waiting for a crew, over the coming days",
    operation_id="waitingRequests",
)
def get_waiting(
    request: HttpRequest,
    from_: str | None = Query(None, alias="from", description="first day, ISO or dd/mm/yyyy"),
    days: int | None = Query(None, description="1-7 (the list reaches at least 7 days)"),
    limit: int = Query(50, ge=1, le=200),
    cursor: str | None = None,
):
    """PENDING shipments (accepted by ops when a customer's request) that nobody drives yet,
    planned from `from` (ISO or dd/mm/yyyy, default today; overdue ones still waiting included) to
    at least 7 days ahead, by planned start. Keyset-paginated."""
    span = dispatch_timeline.parse_span(None, from_, days)
    page = dispatch_timeline.waiting(request.user, span, limit=limit, cursor=cursor)
    return page.as_response()


@router.post(
    "/dispatch/board/assign",
    response={200: TaskOut},
    summary="Assign a waiting request to a tractor row (its regular driver and trailer)",
    operation_id="assignToTractor",
)
def assign_to_tractor(request: HttpRequest, payload: BoardAssignIn):
    """The board's drop (or choose request + row): the tractor's regular driver (the one
    with it as default tractor) and that driver's default trailer take the shipment, with
    every check of `POST /api/shipments/{id}/dispatch`. No regular driver: 409 saying so
    (choose the crew with the full dispatch); a trip already on that tractor: 409 with
    `details.reason` SAME_TRACTOR (a move goes to another tractor). DISPATCHER/ADMIN."""
    return services.dispatch_to_tractor(
        request.user, payload.shipment_id, payload.tractor_id, version=payload.version
    )


@router.get("/dispatch/tasks", response=Paged[TaskOut], summary="Driver tasks (filterable)")
def list_tasks(
    request: HttpRequest,
    driver: str | None = Query(None, description="driver public id"),
    vehicle: str | None = Query(None, description="tractor or trailer public id"),
    date: str | None = Query(None, description="ISO or dd/mm/yyyy"),
    status: str | None = None,
    limit: int = Query(50, ge=1, le=200),
    cursor: str | None = None,
):
    """Newest planned first; `vehicle` matches the tractor or the trailer. Keyset-paginated."""
    page = dispatch_queries.list_tasks(request.user, request.GET, limit=limit, cursor=cursor)
    return page.as_response()


@router.get("/driver/tasks", response=list[DriverTaskOut], summary="My tasks of a day")
def my_tasks(request: HttpRequest, date: str | None = None, driverId: UUID | None = None):
    """The logged-in driver's tasks that day, in running order, with their stops.
    ADMIN may pass `driverId`."""
    return dispatch_trips.driver_tasks(request.user, services.parse_day(date), driverId)


@router.post("/driver/tasks/{task_id}/start", response=TaskOut, summary="Start a trip")
def start_task(request: HttpRequest, task_id: UUID):
    """Refused while another of my trips is IN_PROGRESS. The shipment becomes IN_TRANSIT."""
    return dispatch_trips.start_task(request.user, task_id)


@router.post(
    "/driver/tasks/{task_id}/stops/{stop_id}/check-in",
    response=TaskOut,
    summary="Arrive at a stop",
)
def check_in(
    request: HttpRequest, task_id: UUID, stop_id: UUID, payload: StopActionIn | None = None
):
    """Stops strictly in order: the previous stop must be checked out. The first check-in
    starts the trip."""
    payload = payload or StopActionIn()
    return dispatch_trips.check_in(
        request.user,
        task_id,
        stop_id,
        latitude=payload.latitude,
        longitude=payload.longitude,
        note=payload.note,
        occurred_at=payload.occurred_at,
    )


@router.post(
    "/driver/tasks/{task_id}/stops/{stop_id}/check-out",
    response=TaskOut,
    summary="Leave a stop",
)
def check_out(
    request: HttpRequest, task_id: UUID, stop_id: UUID, payload: StopActionIn | None = None
):
    """Needs a check-in first; refused by any `stop_check_out_requested` receiver (e.g.
    required photos missing). The last check-out completes the task and delivers the
    shipment."""
    payload = payload or StopActionIn()
    return dispatch_trips.check_out(
        request.user,
        task_id,
        stop_id,
        latitude=payload.latitude,
        longitude=payload.longitude,
        note=payload.note,
        occurred_at=payload.occurred_at,
    )
