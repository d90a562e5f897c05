"""Every (from, to, role, owner/non-owner) combination of PATCH /api/shipments/{id}/status."""

import itertools

import pytest

from unicon.core.models import AuditEntry
from unicon.core.roles import Role
from unicon.shipments.models import Shipment, ShipmentEvent

STATUSES = ["DRAFT", "PENDING", "DISPATCHED", "IN_TRANSIT", "DELIVERED", "CANCELLED"]

# Moves `PATCH …/status` can make at all (ADMIN may make every one of them).
PATCHABLE = {
    ("DRAFT", "PENDING"),
    ("DRAFT", "CANCELLED"),
    ("PENDING", "CANCELLED"),
    ("DISPATCHED", "CANCELLED"),
    ("IN_TRANSIT", "CANCELLED"),
}
# DOMAIN.md Part A §2, with ownership.
PERMITTED = {
    Role.ADMIN: PATCHABLE,
    Role.OPS: {
        ("DRAFT", "PENDING"),
        ("DRAFT", "CANCELLED"),
        ("PENDING", "CANCELLED"),
        ("DISPATCHED", "CANCELLED"),
    },
    Role.DISPATCHER: {
        ("DRAFT", "CANCELLED"),
        ("PENDING", "CANCELLED"),
        ("DISPATCHED", "CANCELLED"),
        ("IN_TRANSIT", "CANCELLED"),
    },
    Role.ACCOUNTING: set(),
    Role.CUSTOMER_OWNER: {("DRAFT", "PENDING"), ("DRAFT", "CANCELLED"), ("PENDING", "CANCELLED")},
    Role.CUSTOMER_OPS: {("DRAFT", "PENDING"), ("DRAFT", "CANCELLED"), ("PENDING", "CANCELLED")},
}
# (role, owner?) — a customer user of another company, and a driver without a task, see nothing.
ACTORS = [
    (Role.ADMIN, True),
    (Role.OPS, True),
    (Role.DISPATCHER, True),
    (Role.ACCOUNTING, True),
    (Role.DRIVER, False),
    (Role.CUSTOMER_OWNER, True),
    (Role.CUSTOMER_OPS, True),
    (Role.CUSTOMER_OWNER, False),
    (Role.CUSTOMER_OPS, False),
]


def expected_status(role, owner, current, target) -> int:
    if not owner and role in (Role.DRIVER, Role.CUSTOMER_OWNER, Role.CUSTOMER_OPS):
        return 404
    if (current, target) in PERMITTED[role]:
        return 200
    if (current, target) in PATCHABLE:
        return 403
    return 409


@pytest.mark.parametrize(
    ("role", "owner", "current", "target"),
    [(r, o, c, t) for (r, o), c, t in itertools.product(ACTORS, STATUSES, STATUSES)],
)
def test_operation_status_matrix(
    role, owner, current, target, make_user, make_customer, company, api_login, shipment_in
):
    shipment = shipment_in(current)
    customer = company if owner else make_customer()
    user = make_user(role, customer=customer if role.startswith("CUSTOMER") else None)
    events_before = ShipmentEvent.objects.filter(shipment=shipment).count()
    version_before = shipment.version

    response = api_login(user).patch(
        f"/api/shipments/{shipment.public_id}/status",
        {"operationStatus": target, "note": "because"},
    )

    want = expected_status(role, owner, current, target)
    assert response.status_code == want, response.content
    shipment.refresh_from_db()
    events = ShipmentEvent.objects.filter(shipment=shipment).order_by("id")
    if want == 200:
        body = response.json()
        assert body["operationStatus"] == target
        assert body["version"] == version_before + 1
        assert shipment.operation_status == target
        last = events.last()
        assert (last.kind, last.from_status, last.to_status, last.actor_id, last.note) == (
            "OPERATION_STATUS",
            current,
            target,
            user.pk,
            "because",
        )
        label = {"PENDING": "shipment.submit", "CANCELLED": "shipment.cancel"}[target]
        assert AuditEntry.objects.filter(action=label, object_id=str(shipment.pk)).exists()
        if target == "CANCELLED":
            assert shipment.cancelled_reason == "because"
    else:
        error = response.json()["error"]
        assert error["code"] == {403: "FORBIDDEN", 404: "NOT_FOUND", 409: "CONFLICT"}[want]
        assert shipment.operation_status == current
        assert shipment.version == version_before
        assert events.count() == events_before
        if want == 409:
            assert "allowed" in error["details"]
            assert error["details"]["from"] == current


DOC_STATUSES = ["DOC_PENDING", "DOC_RECEIVED", "DOC_RETURNED"]
DOC_LEGAL = {("DOC_PENDING", "DOC_RECEIVED"), ("DOC_RECEIVED", "DOC_RETURNED")}
DOC_ACTORS = [
    (Role.ADMIN, True),
    (Role.OPS, True),
    (Role.DISPATCHER, True),
    (Role.ACCOUNTING, True),
    (Role.CUSTOMER_OWNER, True),
    (Role.CUSTOMER_OPS, True),
    (Role.CUSTOMER_OWNER, False),
]


@pytest.mark.parametrize(
    ("role", "owner", "current", "target"),
    [(r, o, c, t) for (r, o), c, t in itertools.product(DOC_ACTORS, DOC_STATUSES, DOC_STATUSES)],
)
def test_document_status_matrix(
    role, owner, current, target, make_user, make_customer, company, api_login, shipment_in
):
    shipment = shipment_in("DELIVERED")
    Shipment.objects.filter(pk=shipment.pk).update(document_status=current)
    customer = company if owner else make_customer()
    user = make_user(role, customer=customer if role.startswith("CUSTOMER") else None)
    events_before = ShipmentEvent.objects.filter(shipment=shipment).count()

    response = api_login(user).patch(
        f"/api/shipments/{shipment.public_id}/status", {"documentStatus": target}
    )

    if not owner:
        want = 404
    elif (current, target) not in DOC_LEGAL:
        want = 409
    elif role in (Role.ADMIN, Role.OPS):
        want = 200
    else:
        want = 403
    assert response.status_code == want, response.content
    shipment.refresh_from_db()
    events = ShipmentEvent.objects.filter(shipment=shipment)
    if want == 200:
        assert shipment.document_status == target
        last = events.order_by("id").last()
        assert (last.kind, last.from_status, last.to_status) == ("DOCUMENT_STATUS", current, target)
        assert AuditEntry.objects.filter(
            action="shipment.documents", object_id=str(shipment.pk)
        ).exists()
    else:
        assert shipment.document_status == current
        assert events.count() == events_before


def test_empty_status_request_is_a_validation_error(ops_api, shipment_in):
    shipment = shipment_in()
    response = ops_api.patch(f"/api/shipments/{shipment.public_id}/status", {})
    assert response.status_code == 400
    response = ops_api.patch(
        f"/api/shipments/{shipment.public_id}/status", {"operationStatus": "FLYING"}
    )
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"operationStatus": ["invalid"]}


def test_conflict_names_allowed_moves(ops_api, shipment_in):
    shipment = shipment_in("DELIVERED")
    response = ops_api.patch(
        f"/api/shipments/{shipment.public_id}/status", {"operationStatus": "CANCELLED"}
    )
    assert response.status_code == 409
    assert response.json()["error"]["details"]["allowed"] == []
    shipment = shipment_in("DRAFT")
    response = ops_api.patch(
        f"/api/shipments/{shipment.public_id}/status", {"operationStatus": "DISPATCHED"}
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["details"]["to"] == "DISPATCHED"
    assert error["details"]["allowed"] == ["PENDING", "CANCELLED"]


def test_both_statuses_in_one_request(admin_api, shipment_in):
    shipment = shipment_in("DRAFT")
    response = admin_api.patch(
        f"/api/shipments/{shipment.public_id}/status",
        {"operationStatus": "PENDING", "documentStatus": "DOC_RECEIVED"},
    )
    assert response.status_code == 200, response.content
    assert (response.json()["operationStatus"], response.json()["documentStatus"]) == (
        "PENDING",
        "DOC_RECEIVED",
    )


def test_both_statuses_all_or_nothing(ops_api, shipment_in):
    """A refused document move rolls back the operation move of the same request."""
    shipment = shipment_in("DRAFT")
    response = ops_api.patch(
        f"/api/shipments/{shipment.public_id}/status",
        {"operationStatus": "PENDING", "documentStatus": "DOC_RETURNED"},
    )
    assert response.status_code == 409
    shipment.refresh_from_db()
    assert shipment.operation_status == "DRAFT"
    assert shipment.events.count() == 1


@pytest.mark.parametrize(
    ("role", "status", "moves", "documents", "editable"),
    [
        (Role.CUSTOMER_OWNER, "DRAFT", ["PENDING", "CANCELLED"], [], True),
        (Role.CUSTOMER_OPS, "PENDING", ["CANCELLED"], [], False),
        (Role.CUSTOMER_OWNER, "DISPATCHED", [], [], False),
        (Role.OPS, "DRAFT", ["PENDING", "CANCELLED"], ["DOC_RECEIVED"], True),
        (Role.OPS, "DISPATCHED", ["CANCELLED"], ["DOC_RECEIVED"], False),
        (Role.OPS, "IN_TRANSIT", [], ["DOC_RECEIVED"], False),
        (Role.DISPATCHER, "DRAFT", ["CANCELLED"], [], False),
        (Role.DISPATCHER, "IN_TRANSIT", ["CANCELLED"], [], False),
        (Role.ACCOUNTING, "PENDING", [], [], False),
        (Role.ADMIN, "IN_TRANSIT", ["CANCELLED"], ["DOC_RECEIVED"], False),
        (Role.ADMIN, "DELIVERED", [], ["DOC_RECEIVED"], False),
    ],
)
def test_detail_tells_what_the_user_may_do(
    role, status, moves, documents, editable, make_user, company, api_login, shipment_in
):
    shipment = shipment_in(status)
    user = make_user(role, customer=company if role.startswith("CUSTOMER") else None)
    data = api_login(user).get(f"/api/shipments/{shipment.public_id}").json()
    assert data["allowedMoves"] == moves
    assert data["allowedDocumentMoves"] == documents
    assert data["editable"] is editable
