"""Rate limits on logging in, uploading and the general API (runbook §3.2), in Django's cache.

Three scopes, each `N/period` from settings (env `RATE_LIMIT_API`, `RATE_LIMIT_LOGIN`,
`RATE_LIMIT_UPLOAD`; an empty value turns that scope off; `RATE_LIMIT_ENABLED=false` all):

- `api`    — every `/api/…` request, per user (per client address when anonymous);
- `login`  — `POST` of the login form, `/api/auth/login` and the password-reset request, per
  client address (on top of django-axes' per-account lockout, which stays as it is);
- `upload` — `POST` of a POD photo or document (API and pages), per user.

`/api/health`, `/metrics` and static files are never limited. Over the limit the answer is
429 `RATE_LIMITED` in the standard error envelope under `/api/` (a small page elsewhere),
always with `Retry-After` (seconds until the window ends).

Counting is a fixed window: one cache key per scope, identity and window, incremented
atomically (`cache.incr`, atomic on Redis). The counts are only shared by all app servers when
the cache is shared — Redis when `REDIS_URL` is set; the default LocMem cache counts per
process. If the cache is unreachable the request is let through (a Redis outage must not take
the site down) and a warning is logged.

A bearer token counts against its user (all of a user's tokens share one budget): the token's
user is read from its session once and remembered in the cache for an hour, so the limit costs
one query per token per hour; an unknown token counts against the client address.
"""

import hashlib
import logging
import math
import re
import time
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext

from unicon.accounts.sessions import SessionStore
from unicon.core.errors import RateLimited, error_response
from unicon.core.middleware import is_api

logger = logging.getLogger("unicon.ratelimit")

NEVER_LIMITED = ("/api/health", "/metrics", "/static/")
LOGIN_PATHS = frozenset({"/login/", "/api/auth/login", "/password-reset/"})
UPLOAD_PATHS = re.compile(
    r"^(?:/api/shipments/[^/]+/(?:pods|documents)"
    r"|/api/pods/upload"
    r"|/api/pods/[^/]+/corrections"
    r"|/shipments/[^/]+/documents/"
    r"|/driver/shipments/[^/]+/stops/[^/]+/photo/)$"
)
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
TOKEN_USER_SECONDS = 3600
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\w*\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int  # seconds


def parse_rate(value: str | None) -> Rate | None:
    """`"300/m"`, `"20/min"`, `"60/h"`, `"5/10s"` → Rate; empty → None (scope off)."""
    if not value or not str(value).strip():
        return None
    match = _RATE.match(str(value))
    if not match:
        raise ImproperlyConfigured(f"Bad rate {value!r}: use N/s, N/m, N/h, N/d or N/<k><unit>")
    count, multiple, unit = match.groups()
    return Rate(int(count), int(multiple or 1) * PERIODS[unit.lower()])


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _bearer_token(request: HttpRequest) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _token_key(token: str) -> str:
    return f"rl:token-user:{_digest(token)}"


def _address(request: HttpRequest) -> str:
    return f"addr:{get_client_ip_address(request) or 'unknown'}"


def _token_user(token: str):
    """The user id stored in the token's session (not an authentication: ninja does that)."""
    key = _token_key(token)
    user_id = cache.get(key)
    if user_id is None:
        user_id = SessionStore(session_key=token).load().get(SESSION_KEY)
        if user_id is not None:
            cache.set(key, user_id, timeout=TOKEN_USER_SECONDS)
    return user_id


def _identity(request: HttpRequest) -> str:
    """The user (of the bearer token or the session cookie), else the client address."""
    token = _bearer_token(request)
    if token:
        user_id = _token_user(token)
        return f"user:{user_id}" if user_id is not None else _address(request)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return _address(request)


def _hit(scope: str, who: str, rate: Rate, now: float) -> int | None:
    """Count one request; the seconds to wait when it is over the limit, else None."""
    window = int(now // rate.period)
    key = f"rl:{scope}:{who}:{rate.period}:{window}"
    cache.add(key, 0, timeout=rate.period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=rate.period + 1)
        count = 1
    if count <= rate.limit:
        return None
    return max(1, math.ceil((window + 1) * rate.period - now))


def _scopes(request: HttpRequest) -> list[tuple[str, str]]:
    """(scope, setting name) of every limit that applies to the request."""
    path = request.path
    scopes = []
    if request.method == "POST":
        if path in LOGIN_PATHS:
            scopes.append(("login", "RATE_LIMIT_LOGIN"))
        elif UPLOAD_PATHS.match(path):
            scopes.append(("upload", "RATE_LIMIT_UPLOAD"))
    if is_api(request):
        scopes.append(("api", "RATE_LIMIT_API"))
    return scopes


def check(request: HttpRequest) -> tuple[str, Rate, int] | None:
    """Count the request in each scope that applies; (scope, rate, retry after) when over."""
    now = time.time()
    worst = None
    for scope, setting in _scopes(request):
        rate = parse_rate(getattr(settings, setting, ""))
        if rate is None:
            continue
        who = _address(request) if scope == "login" else _identity(request)
        wait = _hit(scope, who, rate, now)
        if wait is not None and (worst is None or wait > worst[2]):
            worst = (scope, rate, wait)
    return worst


def refusal(request: HttpRequest, scope: str, rate: Rate, retry_after: int) -> HttpResponse:
    message = gettext("Too many requests. Please try again in %(seconds)d seconds.") % {
        "seconds": retry_after
    }
    if is_api(request):
        details = {
            "scope": scope,
            "limit": rate.limit,
            "periodSeconds": rate.period,
            "retryAfter": retry_after,
        }
        response = error_response(RateLimited.code, message, details, status=429)
    else:
        html = render_to_string(
            "runbook/rate_limited.html", {"retry_after": retry_after, "message": message}
        )
        response = HttpResponse(html, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class RateLimitMiddleware:
    """After AuthenticationMiddleware (a session's user is known); see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not getattr(settings, "RATE_LIMIT_ENABLED", True) or request.path.startswith(
            NEVER_LIMITED
        ):
            return self.get_response(request)
        try:
            over = check(request)
        except Exception:  # the cache is down: serve rather than refuse everyone
            logger.warning("Rate limit cache unavailable; request not limited", exc_info=True)
            over = None
        if over is not None:
            logger.info("Rate limited: scope=%s path=%s", over[0], request.path)
            return refusal(request, *over)
        return self.get_response(request)
