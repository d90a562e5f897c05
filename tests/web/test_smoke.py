"""Every page renders for ADMIN on an empty and on a filled database."""

import pytest

from unicon.core.roles import Role

PAGES = [
    "/ops/shipments/",
    "/ops/shipments/new/",
    "/dispatcher/",
    "/dispatcher/quick/",
    "/driver/",
    "/customer/",
    "/customer/shipments/new/",
    "/accounting/debts/",
    "/resources/vehicles/",
    "/resources/drivers/",
    "/resources/customers/",
    "/resources/locations/",
    "/manage/users/",
]


@pytest.mark.parametrize("page", PAGES)
def test_admin_sees_every_page(make_user, web, page, fleet, make_shipment):
    make_shipment()
    client = web(make_user(Role.ADMIN))
    response = client.get(page)
    assert response.status_code == 200, response.content[:2000]
