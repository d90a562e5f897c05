"""The ops review of customers' requests: accept (enters the dispatch queue), send back or
reject with a reason the customer reads; notifications; the pages (issue 13, item 4)."""

import pytest

from tests.dispatch import conftest as dispatch_fixtures
from tests.dispatch.conftest import body as crew_body
from tests.dispatch.conftest import dispatch_url
from unicon.notifications.services import list_notifications
from unicon.shipments.models import Shipment, ShipmentEvent

# the dispatch fixtures (a fleet and a dispatcher) re-used here
entity = dispatch_fixtures.entity
make_vehicle = dispatch_fixtures.make_vehicle
make_driver = dispatch_fixtures.make_driver
fleet = dispatch_fixtures.fleet
dispatcher = dispatch_fixtures.dispatcher
dispatcher_api = dispatch_fixtures.dispatcher_api


@pytest.fixture
def submitted(owner_api, create):
    """A customer's request, submitted: PENDING and awaiting the ops review."""
    shipment = create(owner_api)
    response = owner_api.patch(
        f"/api/shipments/{shipment['id']}/status", {"operationStatus": "PENDING"}
    )
    assert response.status_code == 200, response.content
    return response.json()


def review(client, shipment, decision, reason=""):
    return client.post(
        f"/api/shipments/{shipment['id']}/review", {"decision": decision, "reason": reason}
    )


def actions(data) -> dict:
    return {a["action"]: a["allowed"] for a in data["allowedActions"]}


def titles(user) -> list[str]:
    return [n.title for n in list_notifications(user).items]


def test_customer_submission_awaits_review_and_is_not_dispatchable(
    submitted, ops_api, fleet, dispatcher_api
):
    assert submitted["operationStatus"] == "PENDING"
    assert submitted["reviewStatus"] == "AWAITING"
    assert actions(ops_api.get(f"/api/shipments/{submitted['id']}").json())["review"] is True
    shipment = Shipment.objects.get(public_id=submitted["id"])
    driver, tractor, trailer = fleet
    refused = dispatcher_api.post(dispatch_url(shipment), crew_body(driver, tractor, trailer))
    assert refused.status_code == 409
    assert refused.json()["error"]["details"]["review"] == "AWAITING"


def test_accept_puts_the_request_in_the_dispatch_queue(
    submitted, ops_api, owner, fleet, dispatcher_api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = review(ops_api, submitted, "accept")
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["operationStatus"], data["reviewStatus"]) == ("PENDING", "ACCEPTED")
    assert actions(data)["review"] is False
    shipment = Shipment.objects.get(public_id=submitted["id"])
    assert shipment.events.filter(data__review="ACCEPTED").count() == 1
    # the customer reads it in their language (Vietnamese first)
    assert titles(owner) == [
        f"Yêu cầu {shipment.number} của quý khách đã được tiếp nhận và đang chờ điều xe"
    ]
    driver, tractor, trailer = fleet
    dispatched = dispatcher_api.post(dispatch_url(shipment), crew_body(driver, tractor, trailer))
    assert dispatched.status_code == 200, dispatched.content
    # a second review is refused: it is no longer awaiting review
    assert review(ops_api, submitted, "reject", "late").status_code == 409


def test_send_back_returns_to_draft_with_the_reason_and_can_be_resubmitted(
    submitted, ops_api, owner_api, owner, django_capture_on_commit_callbacks
):
    assert review(ops_api, submitted, "return").status_code == 400  # a reason is required
    with django_capture_on_commit_callbacks(execute=True):
        response = review(ops_api, submitted, "return", "Thiếu số booking")
    assert response.status_code == 200, response.content
    seen = owner_api.get(f"/api/shipments/{submitted['id']}").json()
    assert (seen["operationStatus"], seen["reviewStatus"]) == ("DRAFT", "RETURNED")
    assert seen["reviewNote"] == "Thiếu số booking"
    assert actions(seen)["edit"] is True
    number = seen["number"]
    assert titles(owner) == [f"Yêu cầu {number} của quý khách bị trả lại: Thiếu số booking"]
    again = owner_api.patch(
        f"/api/shipments/{submitted['id']}/status", {"operationStatus": "PENDING"}
    )
    assert again.json()["reviewStatus"] == "AWAITING"
    assert again.json()["reviewNote"] == ""


def test_reject_cancels_with_the_reason(submitted, ops_api, owner_api):
    response = review(ops_api, submitted, "reject", "Không nhận tuyến này")
    assert response.status_code == 200, response.content
    seen = owner_api.get(f"/api/shipments/{submitted['id']}").json()
    assert (seen["operationStatus"], seen["reviewStatus"]) == ("CANCELLED", "REJECTED")
    assert seen["cancelledReason"] == "Không nhận tuyến này"


@pytest.mark.parametrize(
    ("who", "decision", "status"),
    [("owner", "accept", 403), ("dispatcher", "accept", 403), ("ops", "maybe", 400)],
)
def test_refusals_change_nothing(
    submitted, api_login, owner, ops, dispatcher, who, decision, status
):
    user = {"owner": owner, "ops": ops, "dispatcher": dispatcher}[who]
    before = ShipmentEvent.objects.count()
    response = review(api_login(user), submitted, decision, "x")
    assert response.status_code == status, response.content
    assert response.json()["success"] is False
    assert ShipmentEvent.objects.count() == before
    assert Shipment.objects.get(public_id=submitted["id"]).review_status == "AWAITING"


def test_office_requests_need_no_review(create, ops_api):
    shipment = create()
    data = ops_api.patch(
        f"/api/shipments/{shipment['id']}/status", {"operationStatus": "PENDING"}
    ).json()
    assert data["reviewStatus"] == ""
    assert review(ops_api, shipment, "accept").status_code == 409
    # PENDING → DRAFT is the review's move only, never PATCH …/status
    back = ops_api.patch(f"/api/shipments/{shipment['id']}/status", {"operationStatus": "DRAFT"})
    assert back.status_code == 409


def test_pages_in_vietnamese(submitted, client, ops, owner):
    client.force_login(ops)
    page = client.get(f"/ops/shipments/{submitted['id']}/")
    text = page.content.decode()
    assert "Duyệt yêu cầu của khách hàng" in text
    listed = client.get("/ops/shipments/?review=AWAITING")
    assert submitted["number"] in listed.content.decode()
    response = client.post(
        f"/shipments/{submitted['id']}/review/",
        {"decision": "return", "reason": "Sai giờ đóng hàng"},
    )
    assert response.status_code == 302
    client.force_login(owner)
    portal = client.get("/customer/").content.decode()
    assert "Đã trả lại" in portal
    assert "Sai giờ đóng hàng" in portal
