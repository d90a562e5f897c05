"""Destructive buttons ask first (issue 13, item 6): deactivating a user, unassigning a trip,
cancelling a shipment, rejecting a request, handing over a trip, deleting master data, ending
a user's sessions, cancelling an invoice and reversing a payment carry a `data-confirm`
question that the page's script shows before submitting."""

import re

from django.test import Client

from tests.dispatch.conftest import body, dispatch_url
from unicon.core.roles import Role


def _questions(html: str) -> list[str]:
    return re.findall(r'data-confirm="([^"]+)"', html)


def test_destructive_buttons_ask_first(make_user, make_shipment, fleet, api_login, settings):
    settings.LANGUAGE_CODE = "vi"
    dispatcher = make_user(Role.DISPATCHER)
    shipment = make_shipment()
    assert api_login(dispatcher).post(dispatch_url(shipment), body(*fleet)).status_code == 200
    client = Client()
    client.force_login(dispatcher)
    assign = client.get(f"/dispatcher/assign/{shipment.public_id}/").content.decode()
    assert f"Hủy phân công lô {shipment.number}? Tài xế sẽ không còn chuyến này." in _questions(
        assign
    )
    detail = client.get(f"/ops/shipments/{shipment.public_id}/").content.decode()
    assert "Hủy lô hàng này? Không thể hoàn tác." in _questions(detail)
    assert "/static/js/app.js" in detail  # the script that asks …
    script = client.get("/static/js/app.js")
    assert b"window.confirm(question)" in b"".join(script.streaming_content)

    admin = make_user(Role.ADMIN)
    victim = make_user(Role.OPS, email="nghi.viec@unicon.vn")
    client.force_login(admin)
    users = client.get("/manage/users/?q=nghi.viec").content.decode()
    assert (
        f"Khóa tài khoản {victim.email}? Mọi phiên đăng nhập của người này sẽ kết thúc ngay."
        in _questions(users)
    )


def test_deleting_master_data_and_ending_sessions_ask_first(make_user, fleet, settings, web):
    settings.LANGUAGE_CODE = "vi"
    admin = make_user(Role.ADMIN)
    victim = make_user(Role.OPS)
    client = Client()
    client.force_login(admin)
    vehicle = fleet[1]
    page = client.get(f"/resources/vehicles/{vehicle.public_id}/edit/").content.decode()
    assert f"Xóa {vehicle}? Không thể hoàn tác." in _questions(page)
    web(victim)  # the victim has a session to end
    sessions = client.get(f"/manage/users/{victim.public_id}/sessions/").content.decode()
    assert any(q.startswith("Kết thúc mọi phiên đăng nhập") for q in _questions(sessions))
