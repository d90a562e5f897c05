"""ADMIN user management page; the formatting filters."""

import datetime as dt
from decimal import Decimal

from django.core import mail
from django.template import Context, Template
from django.utils import timezone

from unicon.accounts.models import User
from unicon.core.roles import Role


def test_admin_creates_user_and_bad_input_changes_nothing(make_user, web):
    client = web(make_user(Role.ADMIN))
    before = User.objects.count()
    bad = client.post(
        "/manage/users/", {"email": "not-an-email", "full_name": "", "role": Role.OPS}
    )
    assert bad.status_code == 400
    assert 'class="error"' in bad.content.decode()
    assert User.objects.count() == before
    ok = client.post(
        "/manage/users/",
        {"email": "new@unicon.local", "full_name": "Nguyễn Văn A", "role": Role.DISPATCHER},
    )
    assert ok.status_code == 302
    user = User.objects.get(email="new@unicon.local")
    assert user.role == Role.DISPATCHER and not user.has_usable_password()
    assert mail.outbox  # the set-password link


def test_admin_changes_role_deactivates_and_activates(make_user, web):
    admin = make_user(Role.ADMIN)
    client = web(admin)
    target = make_user(Role.OPS)
    url = f"/manage/users/{target.public_id}/"
    client.post(url, {"action": "role", "role": Role.DISPATCHER})
    target.refresh_from_db()
    assert target.role == Role.DISPATCHER
    client.post(url, {"action": "deactivate"})
    target.refresh_from_db()
    assert not target.is_active
    client.post(url, {"action": "activate"})
    target.refresh_from_db()
    assert target.is_active
    client.post(url, {"action": "reset"})
    assert mail.outbox
    own = client.post(
        f"/manage/users/{admin.public_id}/", {"action": "deactivate"}, follow=True
    ).content.decode()
    assert "You cannot deactivate your own account." in own
    admin.refresh_from_db()
    assert admin.is_active
    assert client.post("/manage/users/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_user_management_is_admin_only(make_user, web):
    target = make_user(Role.OPS)
    client = web(make_user(Role.OPS))
    assert (
        client.post(f"/manage/users/{target.public_id}/", {"action": "deactivate"}).status_code
        == 403
    )
    target.refresh_from_db()
    assert target.is_active


def _render(text: str, **context) -> str:
    return Template("{% load web_format %}" + text).render(Context(context))


def test_formatting_filters():
    assert _render("{{ v|vnd }}", v=1234567) == "1.234.567\u00a0₫"
    assert _render("{{ v|vnd }}", v=Decimal("-1500.4")) == "-1.500\u00a0₫"
    assert _render("{{ v|vnd }}", v=0) == "0\u00a0₫"
    moment = dt.datetime(2026, 1, 31, 18, 30, tzinfo=dt.UTC)  # 01:30 next day in Hồ Chí Minh
    assert _render("{{ v|vndate }}", v=moment) == "01/02/2026"
    assert _render("{{ v|vndatetime }}", v=moment) == "01/02/2026 01:30"
    assert _render("{{ v|vndate }}", v=dt.date(2026, 3, 4)) == "04/03/2026"
    assert timezone.get_default_timezone_name() == "Asia/Ho_Chi_Minh"


def test_admin_sees_and_ends_a_users_sessions(make_user, web):
    from unicon.accounts.models import UserSession

    client = web(make_user(Role.ADMIN))
    target = make_user(Role.OPS)
    web(target)
    web(target)
    url = f"/manage/users/{target.public_id}/sessions/"
    page = client.get(url)
    assert page.status_code == 200
    sid = UserSession.objects.filter(user=target).first().sid
    assert sid in page.content.decode()
    client.post(url, {"sid": sid})
    assert UserSession.objects.filter(user=target).count() == 1
    client.post(url)
    assert not UserSession.objects.filter(user=target).exists()
    assert web(make_user(Role.OPS)).get(url).status_code == 403
