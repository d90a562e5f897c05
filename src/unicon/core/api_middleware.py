"""Middleware that serves pages or the browser session, skipped on bearer-token API calls.

A request to /api/ with `Authorization: Bearer …` is a phone or a program: it has no flash
messages, no htmx and no CSRF cookie to check (a bearer token is not sent by a browser on its
own). Skipping these saves ~1 ms of Python per API request (the messages storage alone is
most of it). Everything else — a page, or an API call with the session cookie — goes through
them as before; an API call with the session cookie is still CSRF-checked by ninja's session
authentication (`django_auth`), whatever the middleware does.
"""

from django.contrib.messages import middleware as messages
from django.http import HttpRequest
from django.middleware import csrf
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


class CsrfViewMiddleware(_SkippedOnBearerApi, csrf.CsrfViewMiddleware):
    """Django's CSRF check and cookie, not on bearer API calls (every /api/ view is a ninja
    view, exempt from the middleware; ninja checks CSRF itself for the session cookie)."""

    def process_view(self, request: HttpRequest, callback, callback_args, callback_kwargs):
        if is_bearer_api(request):
            return None
        return super().process_view(request, callback, callback_args, callback_kwargs)
