"""Sentry error reporting when SENTRY_DSN is set: no personal data, secrets scrubbed.

Imported from settings, so it imports nothing of Django at module level.
"""

SENSITIVE = ("password", "token", "secret", "authorization", "cookie", "session", "csrf", "key")
FILTERED = "[Filtered]"


def _is_sensitive(name) -> bool:
    return any(s in str(name).lower() for s in SENSITIVE)


def _scrub(value):
    if isinstance(value, dict):
        return {k: FILTERED if _is_sensitive(k) else _scrub(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    """Sentry `before_send`: no cookies, auth headers, passwords, tokens or user details."""
    request = event.get("request") or {}
    request.pop("cookies", None)
    for key in ("headers", "data", "env"):
        if key in request:
            request[key] = _scrub(request[key])
    if _is_sensitive(request.get("query_string", "")):
        request["query_string"] = FILTERED
    user = event.get("user")
    if user:
        event["user"] = {"id": user["id"]} if user.get("id") else {}
    if "extra" in event:
        event["extra"] = _scrub(event["extra"])
    return event


def init_sentry(dsn: str, *, environment: str, release: str, traces_sample_rate: float) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        before_send=scrub_event,
        environment=environment,
        release=release,
        traces_sample_rate=traces_sample_rate,
    )
