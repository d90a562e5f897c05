"""Who hears what: events from the shipment flow, customer isolation, preferences, e-mail."""

import pytest

from tests.conftest import ApiClient
from tests.dispatch.conftest import body, dispatch_url
from unicon.core.roles import Role
from unicon.notifications.models import EmailDelivery, Event, Notification
from unicon.shipments.models import OperationStatus


@pytest.fixture
def people(make_user, make_customer):
    company, other = make_customer(), make_customer()
    return {
        "ops": make_user(Role.OPS, full_name="Ops One"),
        "ops2": make_user(Role.OPS),
        "owner": make_user(Role.CUSTOMER_OWNER, customer=company),
        "clerk": make_user(Role.CUSTOMER_OPS, customer=company),
        "stranger": make_user(Role.CUSTOMER_OWNER, customer=other),
        "company": company,
    }


def titles(user) -> list[str]:
    from unicon.notifications.services import list_notifications

    return [n.title for n in list_notifications(user).items]


def submit(api_login, user, shipment):
    return api_login(user).patch(
        f"/api/shipments/{shipment.public_id}/status", {"operationStatus": "PENDING"}
    )


def test_customer_request_reaches_ops_only(
    people, make_shipment, api_login, django_capture_on_commit_callbacks
):
    shipment = make_shipment(status=OperationStatus.DRAFT, customer=people["company"])
    with django_capture_on_commit_callbacks(execute=True):
        assert submit(api_login, people["owner"], shipment).status_code == 200
    title = f"New request {shipment.number} from {people['company'].name}"
    assert titles(people["ops"]) == [title]
    assert titles(people["ops2"]) == [title]
    assert titles(people["owner"]) == []  # the actor
    assert titles(people["clerk"]) == []  # ops' event, not the customer's
    assert titles(people["stranger"]) == []


def test_dispatch_reaches_driver_and_own_customer_only(
    people, make_shipment, fleet, dispatcher_api, smtp, django_capture_on_commit_callbacks
):
    driver, tractor, trailer = fleet
    shipment = make_shipment(customer=people["company"])
    with django_capture_on_commit_callbacks(execute=True):
        response = dispatcher_api.post(dispatch_url(shipment), body(driver, tractor, trailer))
    assert response.status_code == 200, response.content
    expected = f"{shipment.number} dispatched: {driver.user.full_name}, {tractor}"
    for user in (driver.user, people["owner"], people["clerk"]):
        assert titles(user) == [expected]
    assert titles(people["stranger"]) == []
    assert titles(people["ops"]) == []
    # e-mails: one each, to the same three people, through the real SMTP server
    assert sorted(m["To"] for m in smtp.messages) == sorted(
        u.email for u in (driver.user, people["owner"], people["clerk"])
    )


def test_refused_action_records_no_event(people, make_shipment, fleet, dispatcher_api):
    driver, tractor, _trailer = fleet
    shipment = make_shipment(status=OperationStatus.DELIVERED, customer=people["company"])
    response = dispatcher_api.post(dispatch_url(shipment), body(driver, tractor))
    assert response.status_code == 409
    assert not Event.objects.exists()
    assert not Notification.objects.exists()


def test_email_language_parts_and_unsubscribe(
    people, make_shipment, api_login, smtp, django_capture_on_commit_callbacks
):
    ops, ops2 = people["ops"], people["ops2"]
    assert (
        api_login(ops)
        .put(
            "/api/notifications/preferences",
            {"eventType": "shipment.submitted", "channel": "email", "enabled": True},
        )
        .status_code
        == 200
    )
    from unicon.notifications.services import set_language

    set_language(ops, "vi")
    set_language(ops2, "en")
    shipment = make_shipment(status=OperationStatus.DRAFT, customer=people["company"])
    with django_capture_on_commit_callbacks(execute=True):
        submit(api_login, people["owner"], shipment)

    [vi], [en] = smtp.to(ops.email), smtp.to(ops2.email)
    assert en["Subject"] == f"New request {shipment.number} from {people['company'].name}"
    assert vi["Subject"].strip() == f"Yêu cầu mới {shipment.number} từ {people['company'].name}"
    assert vi["Content-Language"] == "vi"
    assert vi["Message-ID"].startswith("<notification-")
    text = vi.get_body(("plain",)).get_content()
    html = vi.get_body(("html",)).get_content()
    assert shipment.number in text and shipment.number in html
    link = vi["List-Unsubscribe"].strip().strip("<>")
    assert link in text and vi["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # the link works without logging in: GET asks, POST (RFC 8058 one-click) turns it off
    path = link.split("://", 1)[1].split("/", 1)[1]
    anon = ApiClient().client
    assert anon.get(f"/{path}").status_code == 200  # a page asking to confirm
    assert anon.post(f"/{path}").status_code == 200
    assert anon.get(f"/{path[:-3]}xx/").status_code == 400  # altered token
    prefs = api_login(ops).get("/api/notifications/preferences").json()
    assert prefs["preferences"]["shipment.submitted"] == {"in_app": True, "email": False}

    second = make_shipment(status=OperationStatus.DRAFT, customer=people["company"])
    with django_capture_on_commit_callbacks(execute=True):
        submit(api_login, people["owner"], second)
    assert len(smtp.to(ops.email)) == 1  # no more e-mail for this event type …
    assert len(smtp.to(ops2.email)) == 2
    assert len(titles(ops)) == 2  # … but still in the app


def test_in_app_off_keeps_email_only(
    people, make_shipment, api_login, smtp, settings, django_capture_on_commit_callbacks
):
    api = api_login(people["ops"])
    api.put(
        "/api/notifications/preferences",
        {"eventType": "shipment.submitted", "channel": "in_app", "enabled": False},
    )
    shipment = make_shipment(status=OperationStatus.DRAFT, customer=people["company"])
    with django_capture_on_commit_callbacks(execute=True):
        submit(api_login, people["owner"], shipment)
    assert titles(people["ops"]) == []
    assert EmailDelivery.objects.filter(notification__user=people["ops"]).count() == 1


def test_unknown_preference_is_refused(people, api_login):
    api = api_login(people["ops"])
    bad = api.put(
        "/api/notifications/preferences",
        {"eventType": "nope", "channel": "email", "enabled": False},
    )
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "VALIDATION_ERROR"


def test_smtp_down_plans_a_retry(
    people, make_shipment, api_login, settings, smtp, django_capture_on_commit_callbacks
):
    from unicon.notifications.models import EmailDelivery

    settings.EMAIL_PORT = 1  # nothing listens there
    shipment = make_shipment(status=OperationStatus.DRAFT, customer=people["company"])
    with django_capture_on_commit_callbacks(execute=True):  # the commit: fan-out, then sending
        submit(api_login, people["owner"], shipment)
    first = EmailDelivery.objects.first()
    assert first.status == "PENDING" and first.attempts == 1
    assert "ConnectionRefusedError" in first.last_error
    assert first.next_attempt_at > first.created_at
    assert smtp.messages == []


def test_a_lost_notification_job_is_made_up_by_the_sweep(people, make_shipment, api_login):
    """The fan-out runs after the commit in a queued job; when that job is lost (the queue
    was unreachable), the `history-sweep` job notifies the line late, once."""
    import datetime as dt
    from io import StringIO

    import time_machine
    from django.core.management import call_command
    from django.utils import timezone

    def sweep() -> str:
        out = StringIO()
        call_command("jobs", "run", "history-sweep", stdout=out)
        return out.getvalue()

    shipment = make_shipment(status=OperationStatus.DRAFT, customer=people["company"])
    assert submit(api_login, people["owner"], shipment).status_code == 200  # job never ran
    assert titles(people["ops"]) == []
    assert "0 late notification(s)" in sweep()  # within the grace: its job may still come
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        assert "1 late notification(s)" in sweep()
        assert "0 late notification(s)" in sweep()
    assert titles(people["ops"]) == [f"New request {shipment.number} from {people['company'].name}"]
    assert Event.objects.filter(type="shipment.submitted").count() == 1
