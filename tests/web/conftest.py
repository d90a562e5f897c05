"""Web page tests: logged-in test clients per role and the dispatch tests' builders."""

import pytest
from django.test import Client

from tests.conftest import PASSWORD
from tests.dispatch.conftest import (  # noqa: F401  (fixtures re-used)
    _english,
    at,
    day,
    entity,
    fleet,
    make_driver,
    make_shipment,
    make_vehicle,
)
from tests.extreme_dates import extreme  # noqa: F401  (fixture re-used)


@pytest.fixture
def web():
    """`web(user)` → a Django test client logged in through the login page."""

    def login(user) -> Client:
        client = Client()
        response = client.post("/login/", {"username": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.content
        return client

    return login
