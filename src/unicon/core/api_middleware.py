"""Middleware that serves pages or the browser session, skipped on bearer-token API calls.

A request to /api/ with `Authorization: Bearer …` is a phone or a program: it has no flash
messages and no htmx. Everything else — a page, or an API call with the session cookie —
goes through them as before. Django's CSRF middleware stays for every request (it costs
little, and Django's deployment check wants it); ninja views are exempt from it and ninja's
session authentication (`django_auth`) checks CSRF itself for the session cookie.
"""

from django.contrib.messages import middleware as messages
from django.http import HttpRequest
from django_htmx import middleware as htmx

from unicon.core.middleware import is_api


def is_bearer_api(request: HttpRequest) -> bool:
    """An /api/ call that authenticates with a bearer token (scheme case-insensitive)."""
    return is_api(request) and request.headers.get("Authorization", "")[:7].lower() == "bearer "


class _SkippedOnBearerApi:
    def __call__(self, request: HttpRequest):
        if is_bearer_api(request):
            return self.get_response(request)
        return super().__call__(request)


class MessageMiddleware(_SkippedOnBearerApi, messages.MessageMiddleware):
    """Django's flash messages, not on bearer API calls."""


class HtmxMiddleware(_SkippedOnBearerApi, htmx.HtmxMiddleware):
    """django-htmx's `request.htmx`, not on bearer API calls."""
