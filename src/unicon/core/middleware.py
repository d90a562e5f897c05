import logging
import re
import uuid
from http import HTTPStatus

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from unicon.core import context, unavailable
from unicon.core.errors import CODE_FOR_STATUS, error_response

logger = logging.getLogger("unicon.request")
REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


class RequestContextMiddleware:
    """Gives every request an id (kept from `X-Request-ID` when sane) and echoes it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        ctx = context.RequestContext(
            request_id=request_id,
            ip=get_client_ip_address(request),
            user_agent=request.headers.get("User-Agent", "")[:300],
            request=request,
        )
        with context.bound(ctx):
            response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


class ApiErrorMiddleware:
    """Under /api/, every error leaves in DESIGN.md's JSON envelope, never as an HTML page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_api(request) and response.status_code >= 400 and not _is_json(response):
            envelope = _envelope(response.status_code, _default_message(response.status_code))
            for header in ("Allow", "Retry-After"):  # a 405 names the methods it allows
                if header in response:
                    envelope[header] = response[header]
            return envelope
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not is_api(request):
            return None
        if isinstance(exception, RequestDataTooBig):
            return _envelope(413, gettext("Request body is too large"))
        if unavailable.is_database_down(exception):
            return unavailable.unavailable(request)
        logger.exception("Unhandled error on %s %s", request.method, request.path)
        return _envelope(500, gettext("Internal server error"))


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


_STATUS_MESSAGES = {
    400: gettext_lazy("Bad request"),
    401: gettext_lazy("Authentication required"),
    403: gettext_lazy("Forbidden"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    413: gettext_lazy("Request body is too large"),
    429: gettext_lazy("Too many requests"),
    500: gettext_lazy("Internal server error"),
}


def _default_message(status: int) -> str:
    if status in _STATUS_MESSAGES:
        return str(_STATUS_MESSAGES[status])
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _envelope(status: int, message: str) -> HttpResponse:
    return error_response(CODE_FOR_STATUS.get(status, "INTERNAL_ERROR"), message, status=status)


def page_language(request: HttpRequest) -> str:
    """The language pages speak to this browser: the one picked in the header's menu (the
    language cookie), else Vietnamese (settings.LANGUAGE_CODE)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Pages speak Vietnamese unless the user picked another language (the language cookie
    set by the header's menu); a browser's Accept-Language is not enough. API clients may
    still ask for English error messages with Accept-Language."""

    def process_request(self, request: HttpRequest) -> None:
        if is_api(request):
            return super().process_request(request)
        translation.activate(page_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        return None
