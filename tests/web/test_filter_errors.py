"""A bad value in a page's list filter (tester's report, point 1): every list page with a
date filter says which field is wrong, by its human name and in the user's language, in the
format the page's own date input sends (dd/mm/yyyy, `static/js/phone.js`), never the
parameter's internal name nor the same sentence twice, and shows no unfiltered list; the
page's own format and ISO are both read."""

import pytest
from django.utils import timezone
from django.utils.html import escape

from unicon.core.roles import Role

BAD_DAYS = ["31/02/2026", "xx", "2026-13-45"]

# (role, page, the bad date's parameter)
DATED_LISTS = [
    (Role.OPS, "/ops/shipments/", "dateFrom"),
    (Role.OPS, "/ops/shipments/", "dateTo"),
    (Role.ACCOUNTING, "/accounting/debts/", "i_dateFrom"),
    (Role.ACCOUNTING, "/accounting/debts/", "s_periodFrom"),
    (Role.ACCOUNTING, "/accounting/payments/", "dateFrom"),
    (Role.ACCOUNTING, "/costs/fuel/", "dateFrom"),
    (Role.ACCOUNTING, "/costs/repairs/", "dateTo"),
    (Role.ACCOUNTING, "/costs/invoices/", "dateFrom"),
    (Role.ADMIN, "/audit/", "dateFrom"),
]


@pytest.mark.parametrize("value", BAD_DAYS)
@pytest.mark.parametrize(("role", "path", "name"), DATED_LISTS)
def test_a_bad_day_is_named_in_the_pages_format(make_user, web, role, path, name, value):
    html = web(make_user(role)).get(path, {name: value}).content.decode()
    assert 'role="alert"' in html
    assert escape("Enter a real day as dd/mm/yyyy.") in html
    assert "YYYY-MM-DD" not in html
    assert f"{name.split('_')[-1]}:" not in html  # not "dateFrom: …"


def test_shipment_list_names_the_field_in_vietnamese_and_lists_nothing(
    make_user, web, make_shipment, settings
):
    shipment = make_shipment()
    settings.LANGUAGE_CODE = "vi"
    client = web(make_user(Role.OPS))
    html = client.get("/ops/shipments/", {"dateFrom": "31/02/2026"}).content.decode()
    assert "Một số bộ lọc không hợp lệ. Từ ngày: Nhập ngày có thật theo dạng dd/mm/yyyy." in html
    assert shipment.number not in html  # not the whole list as if unfiltered


def test_the_api_names_the_parameter_with_the_same_reason(make_user, api_login):
    response = api_login(make_user(Role.OPS)).get("/api/shipments", {"dateFrom": "31/02/2026"})
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"dateFrom": ["Enter a real day as dd/mm/yyyy."]}


@pytest.mark.parametrize(("role", "path", "name"), DATED_LISTS)
def test_the_pages_own_format_and_iso_are_read(make_user, web, role, path, name):
    client = web(make_user(role))
    today = timezone.localdate()
    for value in (today.strftime("%d/%m/%Y"), today.isoformat()):
        html = client.get(path, {name: value}).content.decode()
        assert "Enter a real day" not in html and "Some filters are invalid" not in html
