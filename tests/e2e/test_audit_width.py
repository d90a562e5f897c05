"""In Chromium: the audit page fits a 1366 px desk screen — long values in the changes (file
keys, e-mails, checksums) wrap inside their cell instead of widening the page."""

import pytest

from unicon.core import audit
from unicon.core.roles import Role

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("flushable_audit"),
]


def test_the_audit_table_fits_a_desk_screen(login, make_user, shot):
    ops = make_user(Role.OPS, full_name="Nguyễn Thị Ops")
    long_value = "pods/2026/12/01/" + "a1b2c3d4" * 40 + ".jpg"
    audit.log("invoice.status", ops, changes={"email": ["", long_value]})
    page = login(ops, viewport={"width": 1366, "height": 800})
    page.goto("/audit/")
    shot(page, "audit-1366")
    assert page.locator("table.audit").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1366
    assert "invoice.status" not in page.locator("table.audit").inner_text()
