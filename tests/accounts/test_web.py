"""Browser-side flows through Django's test client: login landing, role pages, reset, i18n."""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.test import Client

from tests.conftest import PASSWORD, ApiClient
from unicon.core.roles import Role

LANDING = {
    Role.ADMIN: "/ops/shipments/",
    Role.OPS: "/ops/shipments/",
    Role.DISPATCHER: "/dispatcher/",
    Role.ACCOUNTING: "/accounting/debts/",
    Role.DRIVER: "/driver/",
    Role.CUSTOMER_OWNER: "/customer/",
    Role.CUSTOMER_OPS: "/customer/",
}
PAGES = sorted(set(LANDING.values()))


def web_login(user, password=PASSWORD) -> Client:
    client = Client()
    response = client.post("/login/", {"username": user.email, "password": password})
    assert response.status_code == 302, response.content
    return client


@pytest.mark.parametrize("role", list(Role))
def test_each_role_lands_on_its_home_page(make_user, role):
    client = web_login(make_user(role))
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == LANDING[role]
    assert response.status_code == 200


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("page", PAGES)
def test_role_pages_are_guarded(make_user, role, page):
    client = web_login(make_user(role))
    allowed = (
        role == Role.ADMIN
        or LANDING[role] == page
        or (role == Role.DISPATCHER and page == "/ops/shipments/")
    )
    assert client.get(page).status_code == (200 if allowed else 403)


def test_anonymous_is_sent_to_login():
    response = Client().get("/customer/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_login_page_is_vietnamese_by_default_and_english_on_request():
    vi = Client().get("/login/").content.decode()
    assert "Đăng nhập" in vi
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    en = client.get("/login/").content.decode()
    assert "Log in" in en and "Đăng nhập" not in en


def test_deactivated_user_web_session_ends(make_user, api_login):
    admin = api_login(make_user(Role.ADMIN))
    user = make_user(Role.OPS)
    client = web_login(user)
    assert client.get("/ops/shipments/").status_code == 200
    admin.post(f"/api/users/{user.public_id}/deactivate")
    assert client.get("/ops/shipments/").status_code == 302


def test_django_admin_is_for_admins_only(make_user):
    assert web_login(make_user(Role.ADMIN)).get("/admin/").status_code == 200
    response = web_login(make_user(Role.OPS)).get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_password_reset_by_email_works_once(make_user):
    user = make_user(email="forgetful@example.com")
    client = Client()
    response = client.post("/password-reset/", {"email": "Forgetful@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/reset/\S+/", mail.outbox[0].body).group(0)
    path = urlparse(link).path
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    new = "a fresh and long pass phrase"
    done = client.post(set_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert (
        ApiClient().post("/api/auth/login", {"email": user.email, "password": new}).status_code
        == 200
    )
    again = Client().get(path, follow=True)
    assert "invalid" in again.content.decode().lower() or "hết hạn" in again.content.decode()


def test_password_reset_for_unknown_email_answers_the_same():
    client = Client()
    response = client.post("/password-reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response["Location"] == "/password-reset/sent/"
    assert len(mail.outbox) == 0


def test_sessions_page_lists_and_ends_other_sessions(make_user, api_login):
    user = make_user()
    token_client = api_login(user)
    client = web_login(user)
    page = client.get("/account/sessions/").content.decode()
    sids = re.findall(r"/account/sessions/([0-9a-f]{32})/end/", page)
    assert len(sids) == 1  # the API session; the current one has no "end" button
    client.post(f"/account/sessions/{sids[0]}/end/")
    assert token_client.get("/api/auth/me").status_code == 401


def test_pages_stay_vietnamese_for_an_english_browser_until_the_user_switches():
    client = Client(headers={"Accept-Language": "en-US,en;q=0.9"})
    assert "Đăng nhập" in client.get("/login/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert "Đăng nhập" not in client.get("/login/").content.decode()


def test_api_messages_follow_accept_language(anon):
    vi = anon.post("/api/auth/login", {"email": "a@b.vn", "password": "wrong password"})
    en = anon.post(
        "/api/auth/login",
        {"email": "a@b.vn", "password": "wrong password"},
        headers={"Accept-Language": "en"},
    )
    assert en.json()["error"]["message"] == "Invalid e-mail or password."
    assert vi.json()["error"]["message"] != en.json()["error"]["message"]
