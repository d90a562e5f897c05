"""One rule, one place: the page and the API give the same answer for the same input.

Each test drives both channels (the page through the Django test client, the API with a
token) and asserts the same outcome: allowed or refused, and the same message.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils.html import escape

from unicon.core.roles import Role
from unicon.customers.models import Location, LocationKind
from unicon.dispatch.models import DriverTask, TaskStatus
from unicon.shipments.models import (
    MAX_INSTRUCTIONS,
    MAX_STOPS,
    EventKind,
    OperationStatus,
    Shipment,
)

from .conftest import day


@pytest.fixture
def owner(make_user, make_customer):
    return make_user(Role.CUSTOMER_OWNER, customer=make_customer(code="APT"))


def _confirmations(shipment) -> int:
    return shipment.events.filter(kind=EventKind.NOTE, data__confirmed_documents=True).count()


def _actions(api, shipment) -> dict:
    body = api.get(f"/api/shipments/{shipment.public_id}").json()
    return {a["action"]: a for a in body["allowedActions"]}


# --------------------------------------------------------------------------- confirm documents


def test_confirm_documents_twice_on_the_page_writes_one_event(owner, web, make_shipment):
    shipment = make_shipment(customer=owner.customer)
    client = web(owner)
    url = f"/customer/shipments/{shipment.public_id}/confirm-documents/"
    client.post(url)
    page = client.post(url, follow=True).content.decode()
    assert _confirmations(shipment) == 1
    assert "Confirm documents received" not in page  # the button is gone once confirmed


def test_confirm_documents_api_is_idempotent(owner, api_login, make_shipment):
    shipment = make_shipment(customer=owner.customer)
    api = api_login(owner)
    url = f"/api/shipments/{shipment.public_id}/documents/confirm"
    first = api.post(url)
    assert first.status_code == 201, first.content
    again = api.post(url)
    assert again.status_code == 200
    assert again.json()["eventId"] == first.json()["eventId"]
    assert _confirmations(shipment) == 1
    detail = api.get(f"/api/shipments/{shipment.public_id}").json()
    assert detail["documentsConfirmedAt"] == first.json()["confirmedAt"]
    assert _actions(api, shipment)["confirmDocuments"]["allowed"] is False


def test_confirm_documents_refused_on_cancelled_on_both_channels(
    owner, web, api_login, make_shipment
):
    shipment = make_shipment(customer=owner.customer, status=OperationStatus.CANCELLED)
    api = api_login(owner)
    response = api.post(f"/api/shipments/{shipment.public_id}/documents/confirm")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "CONFLICT"
    action = _actions(api, shipment)["confirmDocuments"]
    assert (action["allowed"], action["code"], action["message"]) == (
        False,
        "CONFLICT",
        error["message"],
    )
    page = (
        web(owner)
        .post(f"/customer/shipments/{shipment.public_id}/confirm-documents/", follow=True)
        .content.decode()
    )
    assert escape(error["message"]) in page
    assert _confirmations(shipment) == 0


def test_confirm_documents_is_the_customers_alone(make_user, api_login, make_shipment):
    shipment = make_shipment()
    ops = api_login(make_user(Role.OPS))
    response = ops.post(f"/api/shipments/{shipment.public_id}/documents/confirm")
    assert response.status_code == 403
    assert _actions(ops, shipment)["confirmDocuments"]["code"] == "FORBIDDEN"
    assert _confirmations(shipment) == 0


def test_foreign_shipment_confirmation_is_404(owner, api_login, make_shipment):
    foreign = make_shipment()
    response = api_login(owner).post(f"/api/shipments/{foreign.public_id}/documents/confirm")
    assert response.status_code == 404
    assert _confirmations(foreign) == 0


# --------------------------------------------------------------------------- status moves


@pytest.mark.parametrize(
    ("status", "allowed"),
    [(OperationStatus.PENDING, True), (OperationStatus.DISPATCHED, False)],
)
def test_customer_cancel_same_answer_on_page_and_api(
    owner, web, api_login, make_shipment, status, allowed
):
    """The page's cancel button and the API's `allowedActions.cancel` are the same decision."""
    api = api_login(owner)
    page_shipment = make_shipment(customer=owner.customer, status=status)
    api_shipment = make_shipment(customer=owner.customer, status=status)
    action = _actions(api, api_shipment)["cancel"]
    assert action["allowed"] is allowed
    detail = web(owner).get(f"/customer/shipments/{page_shipment.public_id}/").content.decode()
    assert ("Cancel shipment" in detail) is allowed
    response = api.patch(
        f"/api/shipments/{api_shipment.public_id}/status", {"operationStatus": "CANCELLED"}
    )
    page = (
        web(owner)
        .post(
            f"/shipments/{page_shipment.public_id}/status/",
            {"operation_status": "CANCELLED"},
            follow=True,
        )
        .content.decode()
    )
    page_shipment.refresh_from_db()
    api_shipment.refresh_from_db()
    assert (page_shipment.operation_status == OperationStatus.CANCELLED) is allowed
    assert (api_shipment.operation_status == OperationStatus.CANCELLED) is allowed
    if not allowed:
        assert response.status_code == 403
        assert response.json()["error"]["message"] == action["message"]
        assert escape(action["message"]) in page


def test_dispatch_action_follows_the_dispatch_policy(make_user, api_login, make_shipment):
    dispatcher = api_login(make_user(Role.DISPATCHER))
    ops = api_login(make_user(Role.OPS))
    pending, draft = make_shipment(), make_shipment(status=OperationStatus.DRAFT)
    assert _actions(dispatcher, pending)["dispatch"]["allowed"] is True
    refused = _actions(dispatcher, draft)["dispatch"]
    assert refused["code"] == "CONFLICT"
    assert _actions(ops, pending)["dispatch"]["code"] == "FORBIDDEN"


# --------------------------------------------------------------------------- driver order


def _assign_two(api, make_shipment, fleet):
    driver, tractor, _trailer = fleet
    a, b = make_shipment(start_hour=6, end_hour=9), make_shipment(start_hour=10, end_hour=12)
    for s in (a, b):
        body = {"driverId": str(driver.public_id), "tractorId": str(tractor.public_id)}
        assert api.post(f"/api/shipments/{s.public_id}/dispatch", body).status_code == 200
    return driver, {t.shipment_id: t for t in DriverTask.objects.filter(status=TaskStatus.PENDING)}


def test_move_task_same_on_page_and_api(make_user, web, api_login, make_shipment, fleet):
    user = make_user(Role.DISPATCHER)
    api, page = api_login(user), web(user)
    driver, tasks = _assign_two(api, make_shipment, fleet)
    first, second = sorted(tasks.values(), key=lambda t: t.sequence)
    url = f"/api/dispatch/drivers/{driver.public_id}/order/move"
    moved = api.post(url, {"taskId": str(second.public_id), "direction": "up"})
    assert moved.status_code == 200, moved.content
    assert [t["id"] for t in moved.json()] == [str(second.public_id), str(first.public_id)]
    page.post(
        f"/dispatcher/drivers/{driver.public_id}/order/",
        {"task": str(second.public_id), "move": "down", "date": day().isoformat()},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.sequence < second.sequence
    # a task that is not one of the driver's open tasks: 400 on the API, a message on the page
    bad = api.post(url, {"taskId": str(driver.public_id), "direction": "up"})
    assert bad.status_code == 400
    message = bad.json()["error"]["message"]
    shown = page.post(
        f"/dispatcher/drivers/{driver.public_id}/order/",
        {"task": str(driver.public_id), "move": "up", "date": day().isoformat()},
        follow=True,
    ).content.decode()
    assert escape(message) in shown


# --------------------------------------------------------------------------- limits


def _both_channels(owner, web, api_login, *, stops: int, special: str = ""):
    """Create the same request through the page and the API; (page HTML, API error)."""
    location = Location.objects.create(
        name="Kho APT", kind=LocationKind.WAREHOUSE, customer=owner.customer
    )
    start, end = dt.datetime(2026, 12, 1, 8, 0), dt.datetime(2026, 12, 1, 17, 0)
    form = {
        "shipment_type": "",
        "priority": "NORMAL",
        "planned_start": start.isoformat(timespec="minutes"),
        "planned_end": end.isoformat(timespec="minutes"),
        "special_instructions": special,
        "stop_count": str(stops),
        "op": "save",
    }
    for i in range(stops):
        form[f"stop-{i}-location_id"] = str(location.public_id)
        form[f"stop-{i}-stop_type"] = "PICKUP"
    page = web(owner).post("/customer/shipments/new/", form)
    body = {
        "plannedStart": f"{start.isoformat()}+07:00",
        "plannedEnd": f"{end.isoformat()}+07:00",
        "specialInstructions": special,
        "stops": [
            {"sequence": i + 1, "locationId": str(location.public_id), "stopType": "PICKUP"}
            for i in range(stops)
        ],
    }
    api = api_login(owner).post("/api/shipments", body)
    return page, api


@pytest.mark.parametrize(
    ("stops", "special", "key"),
    [(MAX_STOPS + 1, "", "stops"), (1, "x" * (MAX_INSTRUCTIONS + 1), "specialInstructions")],
)
def test_limits_same_error_on_page_and_api(owner, web, api_login, stops, special, key):
    page, api = _both_channels(owner, web, api_login, stops=stops, special=special)
    assert api.status_code == 400, api.content
    error = api.json()["error"]
    assert error["code"] == "VALIDATION_ERROR" and key in error["details"]
    assert page.status_code == 400
    assert escape(error["message"]) in page.content.decode()
    assert not Shipment.objects.filter(customer=owner.customer).exists()


def test_limits_are_the_model_fields_too():
    field = Shipment._meta.get_field("special_instructions")
    assert field.max_length == MAX_INSTRUCTIONS
    with pytest.raises(ValidationError):
        field.clean("x" * (MAX_INSTRUCTIONS + 1), None)
