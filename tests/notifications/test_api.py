"""The in-app list: API (list, filters, mark read, isolation), pages and the bell."""

import pytest
from django.test import Client

from unicon.core.roles import Role
from unicon.notifications.services import notify
from unicon.shipments.models import OperationStatus


@pytest.fixture
def setup(make_user, make_customer, make_shipment):
    company = make_customer()
    owner = make_user(Role.CUSTOMER_OWNER, customer=company)
    other = make_user(Role.CUSTOMER_OWNER, customer=make_customer())
    shipment = make_shipment(customer=company)
    for target in (OperationStatus.IN_TRANSIT, OperationStatus.DELIVERED):
        notify(
            "shipment.started" if target == OperationStatus.IN_TRANSIT else "shipment.delivered",
            shipment,
            customer=company,
            params={"number": shipment.number},
        )
    return owner, other, shipment


def test_list_filter_and_mark_read(setup, api_login):
    owner, other, shipment = setup
    api = api_login(owner)
    items = api.get("/api/notifications").json()["items"]
    assert [i["title"] for i in items] == [
        f"{shipment.number} delivered",
        f"{shipment.number}: the trip has started",
    ]
    assert items[0]["objectType"] == "shipment"
    assert items[0]["objectId"] == str(shipment.public_id)
    assert items[0]["link"] == f"/customer/shipments/{shipment.public_id}/"
    assert api.get("/api/notifications/unread-count").json() == {"unread": 2}

    delivered = api.get("/api/notifications", {"type": "shipment.delivered"}).json()["items"]
    assert len(delivered) == 1
    bad = api.get("/api/notifications", {"type": "nope"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "VALIDATION_ERROR"

    # another user cannot read or mark it
    stranger = api_login(other)
    assert stranger.get("/api/notifications").json()["items"] == []
    assert stranger.post(f"/api/notifications/{items[0]['id']}/read").status_code == 404

    marked = api.post(f"/api/notifications/{items[0]['id']}/read")
    assert marked.status_code == 200 and marked.json()["readAt"]
    assert (
        api.get("/api/notifications", {"unread": "true"}).json()["items"][0]["id"] == items[1]["id"]
    )
    assert api.post("/api/notifications/read-all").json() == {"marked": 1}
    assert api.get("/api/notifications/unread-count").json() == {"unread": 0}


def test_pages_bell_and_mark_all(setup):
    owner, _other, shipment = setup
    client = Client()
    client.force_login(owner)
    home = client.get("/notifications/")
    page = home.content.decode()
    assert home.status_code == 200
    assert f"{shipment.number} delivered" in page
    assert 'id="notification-bell"' in page  # the base template's bell, on every page
    bell = client.get("/notifications/bell/").content.decode()
    assert 'data-unread="2"' in bell and 'hx-trigger="every 30s"' in bell
    assert client.get("/notifications/", {"type": "nope"}).status_code == 200  # error shown
    assert "Invalid filter." in client.get("/notifications/", {"type": "nope"}).content.decode()
    response = client.post("/notifications/read-all/")
    assert response.status_code == 302
    assert "data-unread" not in client.get("/notifications/bell/").content.decode()


def test_preferences_page_saves(setup):
    owner, _other, _shipment = setup
    client = Client()
    client.force_login(owner)
    page = client.get("/notifications/preferences/").content.decode()
    assert "Shipment delivered" in page and "Late check-in" not in page  # dispatchers' event
    data = {"language": "en", "shipment.delivered:in_app": "on"}
    assert client.post("/notifications/preferences/", data).status_code == 302
    from unicon.notifications.services import language_of, preferences

    prefs = preferences(owner)
    assert prefs["shipment.delivered"] == {"in_app": True, "email": False}
    assert prefs["shipment.started"] == {"in_app": False, "email": False}
    assert language_of(owner) == "en"


def test_list_query_count_does_not_grow_with_the_page(setup, api_login, make_shipment):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    owner, _other, shipment = setup
    api = api_login(owner)

    def count(limit: int) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = api.get("/api/notifications", {"limit": limit})
        assert len(response.json()["items"]) == limit
        return len(ctx.captured_queries)

    for _ in range(8):
        notify("shipment.delivered", shipment, customer=owner.customer, params={"number": "X"})
    assert count(2) == count(10)
