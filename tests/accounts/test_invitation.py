"""The first e-mail of a new user reads as an invitation, not a reset warning, and links to
the address the system is served on (issue 13, item 8)."""

import re

from django.core import mail
from django.test import Client

from tests.conftest import PASSWORD
from unicon.core.roles import Role


def _admin_page(make_user) -> Client:
    client = Client()
    admin = make_user(Role.ADMIN)
    assert client.post("/login/", {"username": admin.email, "password": PASSWORD}).status_code
    return client


def test_new_user_gets_an_invitation(make_user, settings):
    settings.LANGUAGE_CODE = "en"
    settings.SITE_URL = "http://127.0.0.1:8123"
    client = _admin_page(make_user)
    response = client.post(
        "/manage/users/",
        {"email": "moi@unicon.vn", "full_name": "Lê Văn Mới", "role": "OPS"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    [message] = mail.outbox
    assert message.subject == "You are invited to Unicon Schedule"
    assert "An account was created for you" in message.body
    assert "moi@unicon.vn" in message.body
    assert "Someone asked" not in message.body
    assert re.search(r"http://127\.0\.0\.1:8123/reset/\S+/", message.body)


def test_existing_user_gets_a_reset_in_vietnamese(make_user, settings):
    settings.LANGUAGE_CODE = "vi"
    user = make_user(email="quen@unicon.vn")  # has a password
    client = _admin_page(make_user)
    invited = make_user(email="chua@unicon.vn", password=None)
    for target in (user, invited):
        client.post(f"/manage/users/{target.public_id}/", {"action": "reset"})
    reset, invitation = mail.outbox
    assert "mật khẩu mới" in reset.subject
    assert invitation.subject == "Mời bạn sử dụng Unicon Schedule"


def test_pages_have_a_favicon():
    from django.contrib.staticfiles import finders

    page = Client().get("/login/").content.decode()
    assert re.search(r'<link rel="icon" href="/static/favicon\.svg"', page)
    assert finders.find("favicon.svg")
