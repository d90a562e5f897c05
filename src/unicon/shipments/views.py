"""Shipment pages for ops (`/ops/shipments/…`) and customers (`/customer/…`).

Views only parse input, call one service and render; refusals from the services
(`ServiceError`) become messages or field errors, a foreign id becomes the 404 page.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unicon.core import policies as core_policies
from unicon.core.errors import Conflict, ServiceError
from unicon.core.filtering import errors_of
from unicon.core.permissions import role_required
from unicon.core.roles import CUSTOMER_ROLES, is_customer
from unicon.customers import services as customer_services
from unicon.customers.models import CustomerStatus
from unicon.dispatch import queries as dispatch_queries
from unicon.pods import policies as pod_policies
from unicon.pods import services as pod_services
from unicon.pods.models import DocumentType
from unicon.shipments import documents as shipment_documents
from unicon.shipments import history, policies, review
from unicon.shipments import services as shipment_services
from unicon.shipments.forms import ShipmentEditor
from unicon.shipments.models import DocumentStatus, OperationStatus, ReviewStatus, ShipmentType
from unicon.web.common import report

S = OperationStatus

FILTER_NAMES = (
    "status",
    "documentStatus",
    "review",
    "customer",
    "type",
    "dateFrom",
    "dateTo",
    "q",
)


def _area(request) -> str:
    """ "customer" on the customer portal, "ops" elsewhere (templates pick links by it)."""
    return "customer" if request.path.startswith("/customer") else "ops"


def _detail_url(area: str, shipment) -> str:
    name = "customer-shipment" if area == "customer" else "ops-shipment"
    return reverse(name, args=[shipment.public_id])


# --------------------------------------------------------------------------- list


def _list(request: HttpRequest, area: str) -> HttpResponse:
    params = {name: request.GET.get(name, "").strip() for name in FILTER_NAMES}
    cursor = request.GET.get("cursor") or None
    page, error = None, None
    try:
        page = shipment_services.list_shipments(request.user, params, limit=25, cursor=cursor)
    except ServiceError as exc:
        error = errors_of(exc)
    if page and area == "ops":  # the crew of each row, in one query whatever the page size
        dispatch_queries.attach_active_tasks(page.items)
    query = {k: v for k, v in params.items() if v}
    customers = []
    if area == "ops":  # office roles only (the page decorator)
        customers = customer_services.list_customers(
            request.user, status=CustomerStatus.ACTIVE, limit=200
        ).items
    counts = []
    if area == "customer":  # the portal's summary: how many of my shipments in each status
        found = shipment_services.status_counts(request.user)
        counts = [(value, label, found.get(value, 0)) for value, label in S.choices]
    context = {
        "counts": counts,
        "area": area,
        "params": params,
        "page": page,
        "error": error,
        "query": query,
        "statuses": S.choices,
        "reviews": ReviewStatus.choices,
        "types": [ShipmentType.EXPORT, ShipmentType.IMPORT],
        "customers": customers,
        "cursor": cursor,
    }
    template = "shipments/list.html"
    if request.htmx and request.htmx.target == "results":
        template = "shipments/_results.html"
    return render(request, template, context)


# --------------------------------------------------------------------------- detail


def _detail(request: HttpRequest, area: str, public_id) -> HttpResponse:
    user = request.user
    try:
        shipment = shipment_services.shipment_detail(user, public_id)
        events = shipment_services.list_events(user, public_id, limit=200).items
        history.explain(events)
        pods = pod_services.list_pods(user, public_id, limit=200).items
        documents = pod_services.list_documents(user, public_id, limit=200).items
    except ServiceError as exc:
        report(request, exc)
        return redirect("home")
    by_stop: dict = {}
    loose = []
    for pod in pods:
        (by_stop.setdefault(pod.stop_id, []) if pod.stop_id else loose).append(pod)
    stops = [{"stop": s, "pods": by_stop.get(s.pk, [])} for s in shipment.stops.all()]
    tasks, shown_task = dispatch_queries.shipment_tasks(shipment)
    context = {
        "area": area,
        "shipment": shipment,
        "stops": stops,
        "loose_pods": loose,
        "events": events,
        "documents": documents,
        "tasks": tasks,
        "active_task": shown_task,
        "actions": shipment.allowed_actions,
        "may_read_audit": bool(core_policies.may_read_audit(user)),
        "document_moves": [(m, DocumentStatus(m).label) for m in shipment.allowed_document_moves],
        "document_types": DocumentType.choices,
    }
    return render(request, "shipments/detail.html", context)


# --------------------------------------------------------------------------- actions


def _act(request: HttpRequest, public_id, action, done: str) -> HttpResponse:
    """Run one shipment action (one service call); its refusal or success becomes a message
    on the shipment's page of the user's area."""
    try:
        action()
    except ServiceError as exc:
        report(request, exc)
    else:
        messages.success(request, done)
    name = "customer-shipment" if is_customer(request.user) else "ops-shipment"
    return redirect(name, public_id=public_id)


@require_POST
@role_required(*policies.ACTOR_ROLES)
def change_status(request: HttpRequest, public_id) -> HttpResponse:
    return _act(
        request,
        public_id,
        lambda: shipment_services.change_status(
            request.user,
            public_id,
            operation_status=request.POST.get("operation_status") or None,
            document_status=request.POST.get("document_status") or None,
            note=request.POST.get("note", ""),
        ),
        _("Status updated."),
    )


@require_POST
@role_required(*policies.REVIEW_ROLES)
def review_request(request: HttpRequest, public_id) -> HttpResponse:
    """The ops review's buttons: accept, send back or reject (with a reason)."""
    return _act(
        request,
        public_id,
        lambda: review.review_request(
            request.user,
            public_id,
            request.POST.get("decision", ""),
            request.POST.get("reason", ""),
        ),
        _("Review saved."),
    )


@require_POST
@role_required(*CUSTOMER_ROLES)
def confirm_documents(request: HttpRequest, public_id) -> HttpResponse:
    """DOMAIN.md §4.6: the customer confirms every document arrived (once)."""
    return _act(
        request,
        public_id,
        lambda: shipment_documents.confirm_documents(request.user, public_id),
        _("Thank you: documents confirmed."),
    )


@require_POST
@role_required(*pod_policies.DOCUMENT_UPLOAD_ROLES)
def upload_document(request: HttpRequest, public_id) -> HttpResponse:
    upload = request.FILES.get("file")
    kind, notes = request.POST.get("document_type", ""), request.POST.get("notes", "")
    return _act(
        request,
        public_id,
        lambda: pod_services.upload_document(
            request.user, public_id, upload, document_type=kind, notes=notes
        ),
        _("Document uploaded."),
    )


@require_POST
@role_required(*policies.DOCUMENT_ROLES)
def verify_document(request: HttpRequest, public_id, document_id) -> HttpResponse:
    return _act(
        request,
        public_id,
        lambda: pod_services.verify_document(request.user, document_id),
        _("Document verified."),
    )


# --------------------------------------------------------------------------- create / edit


def _editor(request: HttpRequest, area: str, shipment=None) -> HttpResponse:
    """GET: the editor; POST: an edit button re-renders it, "save" calls the service."""
    user = request.user
    if request.method != "POST":
        code = request.GET.get("type", ShipmentType.EXPORT)
        editor = ShipmentEditor(user, shipment=shipment, shipment_type=code)
    else:
        editor = ShipmentEditor(user, request.POST)
        if editor.action != "save":
            editor.apply_edit_action()
        else:
            saved = editor.submit(lambda data, version: _save(user, shipment, data, version))
            if saved is not None:
                if shipment is None:
                    text = _("Shipment %(number)s created.") % {"number": saved.number}
                else:
                    text = _("Shipment saved.")
                messages.success(request, text)
                return redirect(_detail_url(area, saved))
            if editor.refused is not None:
                report(request, editor.refused, on_form=True)
    failed = editor.action == "save"
    others = _conflict(editor, shipment) if failed else []
    both: list[str] = []
    if others:
        editor, both = _merged_editor(request, editor, shipment)
    context = {
        "editor": editor,
        "area": area,
        "shipment": shipment,
        "others": others,
        "both": [editor.form[name].label for name in both if name in editor.form.fields],
    }
    return render(request, "shipments/form.html", context, status=400 if failed else 200)


def _conflict(editor: ShipmentEditor, shipment) -> list:
    """After a refused save because someone else saved first: what they changed since the
    version the user started from (from the audit trail). The form keeps what the user typed
    and now carries the current version, so "Save" again re-applies it over their change."""
    refused = editor.refused
    details = refused.details if isinstance(refused, Conflict) else None
    if shipment is None or not isinstance(details, dict) or "version" not in details:
        return []
    try:
        started = int(str(editor.version))
    except ValueError:
        return []
    editor.version = details["version"]
    return history.changes_since(shipment, started)


def _merged_editor(request: HttpRequest, editor: ShipmentEditor, shipment):
    """The editor again with the other person's changes taken in wherever the user had not
    changed that field (`history.merge_typed`), carrying the current version."""
    version = editor.version
    current = shipment_services.shipment_detail(request.user, shipment.public_id)
    data, both = history.merge_typed(current, int(request.POST.get("version", "0")), request.POST)
    data["version"] = str(version)
    merged = ShipmentEditor(request.user, data)
    merged.version = version
    return merged, both


def _save(user, shipment, data: dict, version):
    if shipment is None:
        return shipment_services.create_shipment(user, data)
    return shipment_services.update_shipment(user, shipment.public_id, data, version=version)


def _edit(request, area: str, public_id):
    try:
        shipment = shipment_services.shipment_detail(request.user, public_id)
    except ServiceError as exc:
        report(request, exc)
        return redirect("home")
    return _editor(request, area, shipment)


def _in_area(handler, area: str, roles):
    """`handler(request, area, **ids)` as the page of one area: "ops" or "customer"."""

    @role_required(*roles)
    def view(request: HttpRequest, **ids) -> HttpResponse:
        return handler(request, area, **ids)

    return view


ops_list = _in_area(_list, "ops", policies.OFFICE_ROLES)
customer_list = _in_area(_list, "customer", CUSTOMER_ROLES)
ops_detail = _in_area(_detail, "ops", policies.OFFICE_ROLES)
customer_detail = _in_area(_detail, "customer", CUSTOMER_ROLES)
ops_create = _in_area(_editor, "ops", policies.OFFICE_ROLES)
customer_create = _in_area(_editor, "customer", CUSTOMER_ROLES)
ops_edit = _in_area(_edit, "ops", policies.EDITOR_ROLES)
customer_edit = _in_area(_edit, "customer", CUSTOMER_ROLES)
