"""Fixtures of the real-world input tests (issue 12): the master-data builders and clients."""

import datetime as dt

import pytest
from django.test import Client

from tests.conftest import PASSWORD
from tests.customers import fixtures
from unicon.core.roles import Role
from unicon.fleet.models import Driver

login_as = fixtures.login_as
make_shipment = fixtures.make_shipment
today = fixtures.today


@pytest.fixture
def make_driver(make_user, today):
    def make(full_name: str, phone: str) -> Driver:
        user = make_user(Role.DRIVER, full_name=full_name)
        return Driver.objects.create(
            user=user, phone=phone, licence_expiry=today + dt.timedelta(days=365)
        )

    return make


@pytest.fixture
def web(make_user):
    """`web(role)` → a Django test client of a new user of `role`, logged in on the login page."""

    def login(role: str) -> Client:
        user = make_user(role)
        client = Client()
        response = client.post("/login/", {"username": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.content
        return client

    return login
