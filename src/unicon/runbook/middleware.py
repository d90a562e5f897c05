"""Maintenance and read-only modes, enforced for every request of every process.

`SystemModeMiddleware` (right after the request id middleware) refuses what the mode does
not allow before any other work: in maintenance everything but the health check and static
files; in read-only mode every write (POST/PUT/PATCH/DELETE) of the API, the pages and the
admin, except logging in and out. Refusals are 503 with code MAINTENANCE and the message:
a JSON envelope under /api/, a bilingual page elsewhere.

`ReadOnlyDatabaseMiddleware` (last in MIDDLEWARE, so it wraps only the view) makes sure a
read in read-only mode cannot write either (nothing half-written): on PostgreSQL the
connection is set to `SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY` for the
request and reset after; on every database a statement guard refuses INSERT/UPDATE/DELETE/
DDL. The only writes let through are the session bookkeeping (the once-a-minute "last
seen" of a session) so logged-in users keep their sessions.
"""

import re
from contextlib import contextmanager

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from unicon.core.errors import Maintenance, error_response
from unicon.core.middleware import is_api
from unicon.runbook import modes

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
ALWAYS_OPEN = ("/api/health", "/static/", "/metrics")
# NetBox-style: logging in and out still works in read-only mode (it writes only the
# session and login-attempt tables, never business data).
LOGIN_PATHS = frozenset({"/login/", "/logout/", "/api/auth/login", "/api/auth/logout"})
RETRY_AFTER_SECONDS = "120"
WRITE_VERBS = frozenset(
    {"INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE", "CREATE", "DROP", "ALTER", "TRUNCATE"}
)
ALLOWED_WRITES = re.compile(r'"?(accounts_usersession|axes_[a-z]+)"?', re.IGNORECASE)


def refusal(request: HttpRequest, mode: modes.Mode) -> HttpResponse:
    message = mode.user_message()
    if is_api(request):
        response = error_response(Maintenance.code, message, {"mode": mode.name}, status=503)
    else:
        html = render_to_string("runbook/maintenance.html", {"mode": mode, "message": message})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = RETRY_AFTER_SECONDS
    response["Cache-Control"] = "no-store"
    return response


class SystemModeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(ALWAYS_OPEN):
            return self.get_response(request)
        mode = modes.current()
        if mode.maintenance:
            return refusal(request, mode)
        if mode.read_only and request.path not in LOGIN_PATHS:
            if request.method not in SAFE_METHODS:
                return refusal(request, mode)
            request.system_read_only = True
        return self.get_response(request)


def _statement_guard(execute, sql, params, many, context):
    verb = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
    if verb in WRITE_VERBS:
        if not ALLOWED_WRITES.search(sql[:200]):
            raise Maintenance(modes.current().user_message(), {"mode": "read-only"})
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE")
            try:
                return execute(sql, params, many, context)
            finally:
                with connection.cursor() as cursor:
                    cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    return execute(sql, params, many, context)


@contextmanager
def read_only_database():
    """Inside the block the default connection refuses writes (see module docstring)."""
    postgres = connection.vendor == "postgresql"
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    try:
        with connection.execute_wrapper(_statement_guard):
            yield
    finally:
        if postgres:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE")
            except DatabaseError:
                # Never hand a read-only connection to the next request.
                connection.close()


class ReadOnlyDatabaseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not getattr(request, "system_read_only", False):
            return self.get_response(request)
        with read_only_database():
            return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, Maintenance) and getattr(request, "system_read_only", False):
            return refusal(request, modes.current())
        return None
