"""Request logging, slow-request warnings, Prometheus metrics and Sentry scrubbing.

`RequestMetricsMiddleware` (right after the request id middleware) times every request,
counts its SQL queries, then:

- logs one `unicon.request` line (request id, user, method, route, status, duration, queries):
  INFO normally (shown when `REQUEST_LOG_LEVEL=INFO`, the production default), WARNING
  above `SLOW_REQUEST_MS` (default 1000 ms);
- updates the Prometheus metrics served at `/metrics`.

`/metrics` answers only a bearer `METRICS_TOKEN` or a client address in `METRICS_ALLOWED_IPS`
(default: 127.0.0.1 and ::1). With several gunicorn workers set `PROMETHEUS_MULTIPROC_DIR`
to an empty folder so every worker's numbers are added up.
"""

import logging
import os
import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

logger = logging.getLogger("unicon.request")

REQUESTS = Counter("unicon_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram(
    "unicon_http_request_duration_seconds",
    "Time to answer a request",
    ["method", "route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
QUERIES = Histogram(
    "unicon_db_queries_per_request",
    "SQL queries run by one request",
    ["route"],
    buckets=(0, 1, 2, 5, 10, 20, 50, 100, 200),
)
LOGINS = Counter("unicon_logins_total", "Login attempts", ["result"])
UPLOADS = Counter("unicon_uploads_total", "Files uploaded", ["kind"])
#: Collectors read at scrape time (e.g. the job queue's depth), added by other apps.
EXTRA_COLLECTORS: list = []


def route_of(request: HttpRequest) -> str:
    """The URL pattern (low cardinality), not the path with its ids."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unmatched>"
    return "/" + (match.route or match.view_name or "?")


class _QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class RequestMetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        counter = _QueryCounter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        duration = time.perf_counter() - started
        route = route_of(request)
        if route == "/metrics":
            return response
        method = request.method or "?"
        REQUESTS.labels(method, route, str(response.status_code)).inc()
        LATENCY.labels(method, route).observe(duration)
        QUERIES.labels(route).observe(counter.count)
        user = getattr(request, "user", None)
        fields = {
            "user": user.email if getattr(user, "is_authenticated", False) else None,
            "method": method,
            "route": route,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round(duration * 1000, 1),
            "db_queries": counter.count,
        }
        slow = duration * 1000 >= getattr(settings, "SLOW_REQUEST_MS", 1000)
        logger.log(
            logging.WARNING if slow else logging.INFO,
            "%s %s %s %.0fms%s",
            method,
            request.path,
            response.status_code,
            duration * 1000,
            " SLOW" if slow else "",
            extra=fields,
        )
        return response


def _client_ip(request: HttpRequest) -> str:
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or ""


def metrics_allowed(request: HttpRequest) -> bool:
    token = getattr(settings, "METRICS_TOKEN", "")
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer "):
        return constant_time_compare(header.removeprefix("Bearer ").strip(), token)
    return _client_ip(request) in getattr(settings, "METRICS_ALLOWED_IPS", [])


def metrics_view(request: HttpRequest) -> HttpResponse:
    if not metrics_allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        for collector in EXTRA_COLLECTORS:
            registry.register(collector)
        data = generate_latest(registry)
    else:
        data = generate_latest()
    return HttpResponse(data, content_type=CONTENT_TYPE_LATEST)


def _on_login(sender, **kwargs):
    LOGINS.labels("success").inc()


def _on_login_failed(sender, **kwargs):
    LOGINS.labels("failure").inc()


def _on_upload(kind):
    def receiver(sender, **kwargs):
        UPLOADS.labels(kind).inc()

    return receiver


_upload_receivers = {}


def connect_signals() -> None:
    user_logged_in.connect(_on_login, dispatch_uid="ops-metrics-login")
    user_login_failed.connect(_on_login_failed, dispatch_uid="ops-metrics-login-failed")
    try:
        from unicon.pods import signals as pod_signals
    except ImportError:
        return
    for name, kind in (("pod_uploaded", "pod"), ("document_uploaded", "document")):
        signal = getattr(pod_signals, name, None)
        if signal is not None:
            receiver = _upload_receivers.setdefault(kind, _on_upload(kind))
            signal.connect(receiver, dispatch_uid=f"ops-metrics-{kind}")
