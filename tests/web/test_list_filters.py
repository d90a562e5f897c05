"""One FilterSet per list, shared by the API and the pages: a value it cannot read is a 400
VALIDATION_ERROR in the API and a visible error on the page, never an ignored filter."""

import pytest
from django.utils.html import escape

from unicon.core.roles import Role

BAD = [
    ({"type": "NO_SUCH_TYPE"}, "type"),
    ({"dateFrom": "2026-13-45"}, "dateFrom"),
    ({"dateTo": "yesterday"}, "dateTo"),
    ({"customer": "not-an-id"}, "customer"),
    ({"status": "DRAFT,FLYING"}, "status"),
]


@pytest.fixture
def ops(make_user):
    return make_user(Role.OPS)


@pytest.mark.parametrize(("params", "field"), BAD)
def test_bad_shipment_filter_same_on_api_and_page(ops, api_login, web, params, field):
    response = api_login(ops).get("/api/shipments", params)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert list(error["details"]) == [field]
    page = web(ops).get("/ops/shipments/", params)
    assert page.status_code == 200
    html = page.content.decode()
    assert escape(error["message"]) in html
    assert escape(error["details"][field][0]) in html


def test_good_filters_still_filter(ops, api_login, web, make_shipment):
    shipment = make_shipment()
    params = {"type": "export", "dateFrom": shipment.planned_start.date().isoformat()}
    items = api_login(ops).get("/api/shipments", params).json()["items"]
    assert [i["id"] for i in items] == [str(shipment.public_id)]
    assert shipment.number in web(ops).get("/ops/shipments/", params).content.decode()


LISTS = [
    # (role, API path, page path or None, bad parameters, the parameter named in the error)
    (Role.OPS, "/api/customers", "/resources/customers/", {"status": "SLEEPING"}, "status"),
    (Role.OPS, "/api/locations", "/resources/locations/", {"kind": "CASTLE"}, "kind"),
    (Role.OPS, "/api/locations", "/resources/locations/", {"customer": "nope"}, "customer"),
    (Role.OPS, "/api/locations", "/resources/locations/", {"shared": "perhaps"}, "shared"),
    (Role.OPS, "/api/vehicles", "/resources/vehicles/", {"type": "BICYCLE"}, "type"),
    (Role.OPS, "/api/drivers", "/resources/drivers/", {"status": "ASLEEP"}, "status"),
    (Role.ADMIN, "/api/users", "/manage/users/", {"role": "KING"}, "role"),
    (Role.ADMIN, "/api/users", "/manage/users/", {"active": "maybe"}, "active"),
    (Role.DISPATCHER, "/api/dispatch/tasks", None, {"date": "2026-02-30"}, "date"),
    (Role.DISPATCHER, "/api/dispatch/tasks", None, {"status": "LOST"}, "status"),
    (Role.DISPATCHER, "/api/dispatch/tasks", None, {"driver": "x"}, "driver"),
]


@pytest.mark.parametrize(("role", "api_path", "page_path", "params", "field"), LISTS)
def test_every_list_refuses_a_bad_filter(
    make_user, api_login, web, role, api_path, page_path, params, field
):
    user = make_user(role)
    response = api_login(user).get(api_path, params)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert list(error["details"]) == [field]
    if page_path:
        html = web(user).get(page_path, params).content.decode()
        assert escape(error["details"][field][0]) in html
