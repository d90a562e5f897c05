"""Small browser checks: each role is refused the others' pages; the language switch works."""

import pytest

from unicon.core.roles import Role

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("flushable_audit"),
]

HOME = {
    Role.OPS: "/ops/shipments/",
    Role.DISPATCHER: "/dispatcher/",
    Role.DRIVER: "/driver/",
    Role.CUSTOMER_OWNER: "/customer/",
    Role.ACCOUNTING: "/accounting/debts/",
}
# pages a role may open besides its own (DOMAIN.md Part B §1.3)
ALSO = {Role.DISPATCHER: {"/ops/shipments/"}}


def test_each_role_is_refused_the_other_pages(login, make_user, shot):
    for role, home in HOME.items():
        page = login(make_user(role))
        assert page.url.endswith(home)
        shot(page, f"home-{role.lower()}")
        for other in set(HOME.values()) - {home} - ALSO.get(role, set()):
            response = page.goto(other)
            assert response.status == 403, (role, other)
        page.context.close()


def test_language_switch_changes_the_page(live_server, browser, shot):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN")
    page = context.new_page()
    page.goto("/login/")
    assert page.get_attribute("html", "lang") == "vi"
    assert "Đăng nhập" in page.inner_text("h1")
    with page.expect_navigation():
        page.select_option("#language", "en")
    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text("h1") == "Log in"
    shot(page, "login-en")
    context.close()
