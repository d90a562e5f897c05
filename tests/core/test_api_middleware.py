"""Bearer-token API calls skip the page middleware (messages, htmx); the API called
with the browser's session cookie stays CSRF-checked (pages: tests/web/test_access.py)."""

from django.test import Client

from unicon.core.roles import Role

SECRET = "a" * 32  # a CSRF secret as the cookie holds it; the header may carry it unmasked
READ_ALL = "/api/notifications/read-all"


def _browser(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_session_cookie_api_write_needs_the_csrf_token(make_user):
    client = _browser(make_user(Role.OPS))
    refused = client.post(READ_ALL)
    assert refused.status_code in (401, 403), refused.content
    client.cookies["csrftoken"] = SECRET
    accepted = client.post(READ_ALL, headers={"X-CSRFToken": SECRET})
    assert accepted.status_code == 200, accepted.content


def test_bad_bearer_token_does_not_unlock_the_session_cookie(make_user):
    client = _browser(make_user(Role.OPS))
    response = client.post(READ_ALL, headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code in (401, 403), response.content


def test_bearer_api_call_answers_without_page_middleware(make_user, api_login):
    api = api_login(make_user(Role.OPS))
    response = api.client.post(
        READ_ALL,
        headers={"Authorization": f"bearer {api.token}"},  # scheme in any case
    )
    assert response.status_code == 200, response.content
    assert "csrftoken" not in response.cookies
    assert api.get("/api/auth/me").status_code == 200
