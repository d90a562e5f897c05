"""Who may open which page: allowed 200, other roles 403, anonymous → login page."""

import pytest
from django.test import Client

from unicon.core.roles import Role

ALL = list(Role)
# page → roles allowed besides ADMIN (DOMAIN.md Part B §1.3)
PAGES = {
    "/ops/shipments/": {Role.OPS, Role.DISPATCHER},
    "/ops/shipments/new/": {Role.OPS, Role.DISPATCHER},
    "/dispatcher/": {Role.DISPATCHER},
    "/dispatcher/quick/": {Role.DISPATCHER},
    "/driver/": {Role.DRIVER},
    "/customer/": {Role.CUSTOMER_OWNER, Role.CUSTOMER_OPS},
    "/customer/shipments/new/": {Role.CUSTOMER_OWNER, Role.CUSTOMER_OPS},
    "/accounting/debts/": {Role.ACCOUNTING},
    "/resources/vehicles/": {Role.OPS, Role.DISPATCHER},
    "/resources/drivers/": {Role.OPS, Role.DISPATCHER},
    "/resources/customers/": {Role.OPS, Role.DISPATCHER, Role.ACCOUNTING},
    "/resources/locations/": {Role.OPS, Role.DISPATCHER},
    "/manage/users/": set(),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_each_role_allowed_or_refused(make_user, web, page):
    for role in ALL:
        client = web(make_user(role))
        allowed = role == Role.ADMIN or role in PAGES[page]
        assert client.get(page).status_code == (200 if allowed else 403), (role, page)


@pytest.mark.parametrize("page", list(PAGES))
def test_anonymous_goes_to_login(page):
    response = Client().get(page)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_shipment_pages_by_role(make_user, web, make_shipment):
    shipment = make_shipment()
    ops_page = f"/ops/shipments/{shipment.public_id}/"
    customer_page = f"/customer/shipments/{shipment.public_id}/"
    assert web(make_user(Role.OPS)).get(ops_page).status_code == 200
    assert web(make_user(Role.DISPATCHER)).get(ops_page).status_code == 200
    assert web(make_user(Role.DRIVER)).get(ops_page).status_code == 403
    assert web(make_user(Role.CUSTOMER_OWNER)).get(ops_page).status_code == 403
    owner = make_user(Role.CUSTOMER_OWNER, customer=shipment.customer)
    assert web(owner).get(customer_page).status_code == 200
    assert web(make_user(Role.OPS)).get(customer_page).status_code == 403


def test_posts_need_csrf(make_user, make_shipment):
    shipment = make_shipment()
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(Role.OPS))
    response = client.post(
        f"/shipments/{shipment.public_id}/status/", {"operation_status": "CANCELLED"}
    )
    assert response.status_code == 403
    shipment.refresh_from_db()
    assert shipment.operation_status == "PENDING"
