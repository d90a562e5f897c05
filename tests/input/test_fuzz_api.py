"""No input yields a 500 (issue 12, item 8): schemathesis sends schema-driven inputs to every
operation of /api/openapi.json, as ADMIN and as a customer user, and the test fails on any
5xx. Bounded: a few examples per operation (FUZZ_EXAMPLES, default 3), derandomized."""

import os
from contextlib import contextmanager

import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings

from unicon.core.roles import Role

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@contextmanager
def connection_kept():
    """Calls go through the real WSGI handler, whose end-of-request hook would close the test's
    database connection (and its transaction); Django's test client unhooks it the same way
    (and hooks it again after each of its own requests, hence per call)."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in signals:
            signal.connect(close_old_connections)


def test_no_operation_answers_a_server_error(settings, make_user, api_login, tmp_path):
    from django.core.wsgi import get_wsgi_application

    settings.RATE_LIMIT_ENABLED = False
    settings.AXES_ENABLED = False  # the fuzzed login endpoint must not lock the test's logins
    settings.MEDIA_ROOT = str(tmp_path)
    users = [make_user(Role.ADMIN), make_user(Role.CUSTOMER_OWNER)]
    with connection_kept():
        schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @BOUNDED
        @given(case=operation.as_strategy())
        def run(case) -> None:
            for user in users:  # a fresh login: a fuzzed logout must not end the next call's
                token = api_login(user).token
                with connection_kept():
                    response = case.call(headers={"Authorization": f"Bearer {token}"})
                if response.status_code >= 500:
                    failures.append(
                        f"{user.role} {case.method} {case.formatted_path} "
                        f"{case.query or ''} {str(case.body)[:200]} → {response.status_code}"
                    )

        run()
    assert operations > 50
    assert not failures, "\n".join(failures)
