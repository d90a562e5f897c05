"""Faults answer honestly (issue 12, item 9): while the database is unreachable the API
answers 503 with Retry-After in the error envelope, pages a short "temporarily unavailable"
page; the first request after the database is back succeeds."""

import pytest
from django.db import OperationalError
from django.test import Client

from unicon.accounts import services as account_services
from unicon.core.roles import Role
from unicon.customers import services as customer_services


def _down(*args, **kwargs):
    raise OperationalError("could not connect to server: Connection refused")


@pytest.fixture
def ops_api(make_user, api_login):
    return api_login(make_user(Role.OPS))


def test_api_answers_503_then_recovers(ops_api, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(customer_services, "list_customers", _down)
        response = ops_api.get("/api/customers")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    error = response.json()["error"]
    assert (error["code"], error["details"]) == ("UNAVAILABLE", {"retryAfter": 5})
    assert ops_api.get("/api/customers").status_code == 200


def test_a_failure_before_the_view_is_a_503_too(ops_api, monkeypatch):
    monkeypatch.setattr(account_services, "find_api_session", _down)  # the token lookup fails
    response = ops_api.get("/api/customers")
    assert response.status_code == 503, response.content
    assert response.json()["error"]["code"] == "UNAVAILABLE"


def test_pages_show_temporarily_unavailable_then_recover(make_user, monkeypatch):
    from unicon.shipments import services as shipment_services

    client = Client(raise_request_exception=False)
    client.force_login(make_user(Role.OPS))
    with monkeypatch.context() as patch:
        patch.setattr(shipment_services, "list_shipments", _down)
        response = client.get("/ops/shipments/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Tạm thời không truy cập được" in response.content.decode()  # pages: Vietnamese
    assert client.get("/ops/shipments/").status_code == 200
