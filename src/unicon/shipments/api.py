"""Shipments, their status and history, stop templates. Handlers are thin: one service call."""

from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Status

from unicon.core.pagination import Paged
from unicon.shipments import documents, review, services, stop_templates
from unicon.shipments.schemas import (
    DocumentsConfirmationOut,
    EventOut,
    OverridesIn,
    ReviewIn,
    ShipmentCreateIn,
    ShipmentFilters,
    ShipmentListOut,
    ShipmentOut,
    ShipmentUpdateIn,
    StatusIn,
    StopTemplateIn,
    StopTemplateOut,
)

router = Router(tags=["shipments"], by_alias=True)


@router.post("/shipments", response={201: ShipmentOut}, summary="Create a shipment (DRAFT)")
def create_shipment(request: HttpRequest, payload: ShipmentCreateIn):
    """OPS, DISPATCHER, ADMIN, or a customer user for their own company. With a `type` the
    stops of that stop template are pre-filled (customer overrides of required photos
    applied); supplied stops with the same sequence fill in location and times, further
    stops are added after them."""
    data = payload.model_dump()
    shipment = services.create_shipment(request.user, data)
    return Status(201, services.shipment_detail(request.user, shipment.public_id))


@router.get("/shipments", response=Paged[ShipmentListOut], summary="List shipments")
def list_shipments(request: HttpRequest, filters: Query[ShipmentFilters]):
    """Newest planned start first. `status` may be comma-separated; `dateFrom`/`dateTo` bound
    the planned start; `q` is a prefix of the shipment, container or booking number."""
    page = services.list_shipment_rows(
        request.user, request.GET, limit=filters.limit, cursor=filters.cursor
    )
    return page.as_response()


@router.get("/shipments/{shipment_id}", response=ShipmentOut, summary="One shipment with stops")
def get_shipment(request: HttpRequest, shipment_id: UUID):
    return services.shipment_detail_body(request.user, shipment_id)


@router.put("/shipments/{shipment_id}", response=ShipmentOut, summary="Edit a shipment")
def update_shipment(request: HttpRequest, shipment_id: UUID, payload: ShipmentUpdateIn):
    """OPS/ADMIN until dispatched; the owning customer while DRAFT. Send the version you
    edited as `If-Match: <version>` or `version`; a stale one answers 409. Stops are
    replaced as a whole."""
    version = request.headers.get("If-Match") or payload.version
    data = payload.model_dump()
    services.update_shipment(request.user, shipment_id, data, version)
    return services.shipment_detail(request.user, shipment_id)


@router.patch(
    "/shipments/{shipment_id}/status", response=ShipmentOut, summary="Submit, cancel, documents"
)
def change_status(request: HttpRequest, shipment_id: UUID, payload: StatusIn):
    """Customers submit (DRAFT→PENDING) and cancel their own DRAFT/PENDING requests; OPS
    submit and cancel before IN_TRANSIT; DISPATCHER cancels before DELIVERED; ADMIN any
    legal move. DISPATCHED/IN_TRANSIT/DELIVERED happen through dispatch and driver
    check-in/out (409 here). Document status (OPS/ADMIN): DOC_PENDING→DOC_RECEIVED→
    DOC_RETURNED. Illegal moves answer 409 with the allowed moves in `details`."""
    return services.change_status(
        request.user,
        shipment_id,
        operation_status=payload.operation_status,
        document_status=payload.document_status,
        note=payload.note,
    )


@router.post(
    "/shipments/{shipment_id}/review",
    response=ShipmentOut,
    summary="Ops: accept, send back or reject a customer's request",
    operation_id="reviewRequest",
)
def review_request(request: HttpRequest, shipment_id: UUID, payload: ReviewIn):
    """OPS/ADMIN review a customer's submitted (PENDING) request: `accept` puts it in the
    dispatch queue; `return` sends it back to DRAFT and `reject` cancels it, both with a
    `reason` the customer reads (`reviewNote`). 400 unknown decision or missing reason, 403
    other roles, 404 not visible, 409 not awaiting review."""
    review.review_request(request.user, shipment_id, payload.decision, payload.reason)
    return services.shipment_detail(request.user, shipment_id)


@router.post(
    "/shipments/{shipment_id}/documents/confirm",
    response={200: DocumentsConfirmationOut, 201: DocumentsConfirmationOut},
    summary="Customer: confirm all documents received",
)
def confirm_documents(request: HttpRequest, shipment_id: UUID):
    """The owning customer confirms that every document arrived (DOMAIN.md §4.6): 201 with
    the confirmation; a repeat answers 200 with the first one and writes nothing. Other
    roles 403; a CANCELLED shipment 409 CONFLICT; another company's shipment 404."""
    event, created = documents.confirm_documents(request.user, shipment_id)
    return Status(201 if created else 200, event)


@router.get("/shipments/{shipment_id}/events", response=Paged[EventOut], summary="Shipment history")
def list_events(
    request: HttpRequest, shipment_id: UUID, limit: int = 50, cursor: str | None = None
):
    return services.list_events(request.user, shipment_id, limit=limit, cursor=cursor).as_response()


@router.get("/stop-templates", response=list[StopTemplateOut], summary="Stop templates")
def list_stop_templates(request: HttpRequest, customer: UUID | None = None):
    """Every template (a handful; not paginated) with required photos per stop.
    `customerRequiredPhotos` shows the override of `customer` (customer users: their own)."""
    return stop_templates.list_stop_templates(request.user, customer)


@router.put("/stop-templates/{code}", response=StopTemplateOut, summary="Create/edit a template")
def save_stop_template(request: HttpRequest, code: str, payload: StopTemplateIn):
    """ADMIN. Stops are matched by sequence; customers' overrides of kept stops survive."""
    return stop_templates.save_stop_template(
        request.user,
        code,
        name=payload.name,
        is_active=payload.is_active,
        stops=[s.model_dump() for s in payload.stops],
    )


@router.put(
    "/customers/{customer_id}/stop-templates/{code}",
    response=StopTemplateOut,
    summary="A customer's required photos for a template",
)
def save_customer_overrides(
    request: HttpRequest, customer_id: UUID, code: str, payload: OverridesIn
):
    """ADMIN. Each listed stop's `requiredPhotos` replaces the template's for this customer;
    unlisted stops (or `requiredPhotos: null`) fall back to the template."""
    return stop_templates.save_customer_overrides(
        request.user, customer_id, code, [s.model_dump() for s in payload.stops]
    )
