"""The bell in a real browser: the unread count appears without reloading, a click opens the
notification's shipment and marks it read."""

import pytest

from unicon.core.roles import Role
from unicon.notifications.services import notify

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("flushable_audit"),
]


def test_bell_counts_without_reload_and_opens_the_shipment(
    login, make_user, make_customer, shot, settings, stop_templates
):
    from tests.dispatch.conftest import at, day
    from unicon.shipments.models import Shipment

    settings.NOTIFY_BELL_POLL_SECONDS = 1
    company = make_customer()
    owner = make_user(Role.CUSTOMER_OWNER, customer=company)
    shipment = Shipment.objects.create(
        number="SHP-2099-0777",
        customer=company,
        shipment_type="EXPORT",
        planned_start=at(day(), 8),
        planned_end=at(day(), 17),
    )
    page = login(owner)
    assert page.locator("#notification-bell").count() == 1
    assert page.locator("#notification-bell .badge").count() == 0

    notify("shipment.delivered", shipment, customer=company, params={"number": shipment.number})
    badge = page.locator("#notification-bell .badge")
    badge.wait_for(timeout=10_000)  # the page was not reloaded
    assert badge.inner_text() == "1"
    shot(page, "notifications-bell")

    page.click("#notification-bell")
    page.wait_for_url("**/notifications/")
    assert "SHP-2099-0777" in page.inner_text("ul.notifications")
    shot(page, "notifications-list")
    with page.expect_navigation():
        page.click("ul.notifications button[name=open]")
    assert page.url.endswith(f"/customer/shipments/{shipment.public_id}/")
    page.locator("#notification-bell").wait_for()
    page.wait_for_timeout(1500)
    assert page.locator("#notification-bell .badge").count() == 0
