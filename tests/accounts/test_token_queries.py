"""A bearer token is resolved with one indexed query, and revocation still takes effect at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from unicon.accounts import services
from unicon.core.roles import Role


def test_bearer_token_costs_one_query(make_user, api_login):
    client = api_login(make_user(Role.OPS))
    client.get("/api/auth/me")  # warm-up: the session's "last seen" write is behind us
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/auth/me")
    assert response.status_code == 200, response.content
    assert len(queries) == 1, [q["sql"] for q in queries]
    assert "accounts_usersession" in queries[0]["sql"]


def test_deactivated_users_token_fails_on_the_next_request(make_user, api_login):
    user = make_user(Role.DISPATCHER)
    client = api_login(user)
    assert client.get("/api/auth/me").status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])  # no session clean-up: the join itself must refuse
    assert client.get("/api/auth/me").status_code == 401


def test_password_change_elsewhere_ends_the_token(make_user, api_login):
    user = make_user(Role.OPS)
    client = api_login(user)
    user.set_password("another long passphrase 2026")
    user.save(update_fields=["password"])
    assert client.get("/api/auth/me").status_code == 401
    assert services.resolve_api_token("not-a-token") is None
