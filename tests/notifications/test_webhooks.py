"""Webhooks: signed deliveries checked with the docs' snippet, rotation, retries, disabling,
redelivery, customer isolation and SSRF refusals."""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from unicon.core.roles import Role
from unicon.notifications.models import WebhookDelivery
from unicon.notifications.services import notify

DOCS = Path(__file__).resolve().parents[2] / "docs" / "WEBHOOKS.md"


def published_verify():
    """The `verify` function exactly as docs/WEBHOOKS.md publishes it."""
    block = re.search(r"```python\n(.*?)```", DOCS.read_text(), re.S).group(1)
    namespace: dict = {}
    exec(compile(block, str(DOCS), "exec"), namespace)
    return namespace["verify"]


def lower(headers: dict) -> dict:
    return {k.lower(): v for k, v in headers.items()}


@pytest.fixture
def world(make_user, make_customer, make_shipment):
    acme, other = make_customer(), make_customer()
    return {
        "admin": make_user(Role.ADMIN),
        "owner": make_user(Role.CUSTOMER_OWNER, customer=acme),
        "rival": make_user(Role.CUSTOMER_OWNER, customer=other),
        "clerk": make_user(Role.CUSTOMER_OPS, customer=acme),
        "acme": acme,
        "other": other,
        "ours": make_shipment(customer=acme),
        "theirs": make_shipment(customer=other),
    }


def delivered(world, key="ours", kind="shipment.delivered"):
    shipment = world[key]
    return notify(
        kind,
        shipment,
        customer=shipment.customer,
        params={"number": shipment.number},
        payload={"id": str(shipment.public_id), "number": shipment.number},
    )


def test_signed_delivery_verified_with_the_published_snippet(
    world, api_login, receiver, django_capture_on_commit_callbacks
):
    api = api_login(world["admin"])
    created = api.post("/api/webhooks", {"url": receiver.url, "description": "ERP"})
    assert created.status_code == 201, created.content
    secret = created.json()["secret"]
    assert secret.startswith("whsec_")
    assert "secret" not in api.get("/api/webhooks").json()[0]  # shown once only

    with django_capture_on_commit_callbacks(execute=True):
        event = delivered(world)
    [(headers, raw)] = receiver.requests
    verify = published_verify()
    assert verify(secret, lower(headers), raw)
    assert not verify(secret, lower(headers), raw.replace(b"delivered", b"cancelled"))
    assert not verify("whsec_" + "A" * 44, lower(headers), raw)
    body = json.loads(raw)
    assert body["type"] == "shipment.delivered" and body["version"] == 1
    assert body["id"] == str(event.public_id)
    assert body["data"]["number"] == world["ours"].number
    assert lower(headers)["webhook-id"].startswith("msg_")

    log = api.get(f"/api/webhooks/{created.json()['id']}/deliveries").json()["items"]
    assert log[0]["status"] == "SENT" and log[0]["responseCode"] == 204
    assert log[0]["log"][0]["attempt"] == 1 and log[0]["eventType"] == "shipment.delivered"

    # rotation: the new secret is shown once; both secrets sign during the overlap
    rotated = api.post(f"/api/webhooks/{created.json()['id']}/rotate-secret").json()["secret"]
    with django_capture_on_commit_callbacks(execute=True):
        delivered(world)
    headers, raw = receiver.requests[-1]
    assert len(lower(headers)["webhook-signature"].split()) == 2
    assert verify(rotated, lower(headers), raw) and verify(secret, lower(headers), raw)


def test_customer_endpoints_hear_only_their_company(
    world, api_login, receiver, django_capture_on_commit_callbacks
):
    owner = api_login(world["owner"])
    created = owner.post("/api/webhooks", {"url": receiver.url})
    assert created.status_code == 201
    refused = owner.post("/api/webhooks", {"url": receiver.url, "eventTypes": ["papers.expiring"]})
    assert refused.status_code == 400
    assert api_login(world["clerk"]).post("/api/webhooks", {"url": receiver.url}).status_code == 403
    rival = api_login(world["rival"])
    assert rival.get("/api/webhooks").json() == []
    endpoint_id = created.json()["id"]
    assert rival.patch(f"/api/webhooks/{endpoint_id}", {"isActive": False}).status_code == 404
    assert rival.get(f"/api/webhooks/{endpoint_id}/deliveries").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        delivered(world, "theirs")
        delivered(world, "ours")
        delivered(world, "ours", "shipment.not_started")  # dispatchers' event
    numbers = [json.loads(raw)["data"]["number"] for _h, raw in receiver.requests]
    assert numbers == [world["ours"].number]
    assert len(api_login(world["admin"]).get("/api/webhooks").json()) == 1  # ADMIN sees all


def test_failures_retry_then_disable_and_tell_the_owner(
    world, api_login, receiver, settings, django_capture_on_commit_callbacks
):
    api = api_login(world["admin"])
    endpoint_id = api.post("/api/webhooks", {"url": receiver.url}).json()["id"]
    receiver.status = 500
    with django_capture_on_commit_callbacks(execute=True):
        delivered(world)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "PENDING" and delivery.attempts == 1
    wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=3) < wait <= timedelta(seconds=5)  # first back-off step: 5 s
    assert delivery.last_error == "HTTP 500"

    settings.WEBHOOK_RETRY_SECONDS = [0, 0, 0, 0]
    settings.WEBHOOK_DISABLE_AFTER_FAILURES = 3
    receiver.status = 302
    receiver.location = "http://169.254.169.254/latest/meta-data/"
    with django_capture_on_commit_callbacks(execute=True):
        delivered(world)
    second = WebhookDelivery.objects.latest("id")
    assert second.status == "FAILED"
    log = api.get(f"/api/webhooks/{endpoint_id}/deliveries").json()["items"][0]["log"]
    assert "redirects are not followed" in log[0]["error"]
    assert len(receiver.requests) == 3  # 1 + 2 redirects; the third failure disabled it
    endpoint = api.get("/api/webhooks").json()[0]
    assert endpoint["isActive"] is False and endpoint["disabledReason"]
    titles = [n["title"] for n in api.get("/api/notifications").json()["items"]]
    assert titles == [f"Webhook {receiver.url} was disabled after 3 failed attempts"]

    # fixed receiver: re-enable and redeliver from the log
    receiver.status, receiver.location = 204, ""
    assert api.patch(f"/api/webhooks/{endpoint_id}", {"isActive": True}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        again = api.post(f"/api/webhooks/deliveries/{second.public_id}/redeliver")
    assert again.status_code == 202
    second.refresh_from_db()
    assert second.status == "SENT"
    assert lower(receiver.requests[-1][0])["webhook-id"] == f"msg_{second.public_id.hex}"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.0.0.5/hook",
        "http://192.168.1.1/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "ftp://example.com/hook",
        "http://user:pw@example.com/hook",
    ],
)
def test_private_and_odd_urls_are_refused(world, api_login, settings, url):
    settings.WEBHOOK_ALLOW_PRIVATE = False
    response = api_login(world["admin"]).post("/api/webhooks", {"url": url})
    assert response.status_code == 400, url
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"


def test_delivery_refuses_an_address_that_became_private(
    world, api_login, receiver, settings, django_capture_on_commit_callbacks
):
    api_login(world["admin"]).post("/api/webhooks", {"url": receiver.url})
    settings.WEBHOOK_ALLOW_PRIVATE = False  # e.g. DNS now points inside
    with django_capture_on_commit_callbacks(execute=True):
        delivered(world)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "FAILED" and delivery.attempts == 1  # not retried
    assert "refused" in delivery.last_error
    assert receiver.requests == []


def test_webhook_pages(world, receiver, django_capture_on_commit_callbacks):
    from django.test import Client

    owner = Client()
    owner.force_login(world["owner"])
    assert "/notifications/webhooks/" in owner.get("/notifications/").content.decode()
    page = owner.post(
        "/notifications/webhooks/",
        {"url": receiver.url, "event_types": ["shipment.delivered"], "description": "TMS"},
    ).content.decode()
    assert 'id="webhook-secret">whsec_' in page  # shown once …
    listing = owner.get("/notifications/webhooks/").content.decode()
    assert "whsec_" not in listing and receiver.url in listing  # … and never again
    not_offered = owner.post(
        "/notifications/webhooks/", {"url": receiver.url, "event_types": ["papers.expired"]}
    )
    assert not_offered.status_code == 200 and 'class="error"' in not_offered.content.decode()
    endpoint = world["owner"].webhook_endpoints.get()

    with django_capture_on_commit_callbacks(execute=True):
        delivered(world)
    detail = owner.get(f"/notifications/webhooks/{endpoint.public_id}/").content.decode()
    assert "shipment.delivered" in detail and "204" in detail
    rotated = owner.post(f"/notifications/webhooks/{endpoint.public_id}/rotate/").content.decode()
    assert 'id="webhook-secret">whsec_' in rotated
    assert owner.post(f"/notifications/webhooks/{endpoint.public_id}/disable/").status_code == 302
    endpoint.refresh_from_db()
    assert not endpoint.is_active

    rival, clerk = Client(), Client()
    rival.force_login(world["rival"])
    clerk.force_login(world["clerk"])
    assert rival.get(f"/notifications/webhooks/{endpoint.public_id}/").status_code == 404
    assert rival.post(f"/notifications/webhooks/{endpoint.public_id}/delete/").status_code == 404
    assert clerk.get("/notifications/webhooks/").status_code == 403
    assert owner.post(f"/notifications/webhooks/{endpoint.public_id}/delete/").status_code == 302
    assert not world["owner"].webhook_endpoints.exists()


def test_deactivated_owner_endpoint_receives_nothing(world, api_login, receiver):
    api_login(world["owner"]).post("/api/webhooks", {"url": receiver.url})
    world["owner"].is_active = False
    world["owner"].save()
    delivered(world)
    assert not WebhookDelivery.objects.exists()
