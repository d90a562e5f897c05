"""Domain errors raised by services; the API and the pages translate them for the user.

Each carries the stable `code` and HTTP `status` of DESIGN.md's error format.
"""

from typing import Any

from django.http import HttpResponse


class ServiceError(Exception):
    code = "INTERNAL_ERROR"
    status = 500

    def __init__(self, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.details = details


class ValidationFailed(ServiceError):
    code = "VALIDATION_ERROR"
    status = 400


class Unauthorized(ServiceError):
    code = "UNAUTHORIZED"
    status = 401


class Forbidden(ServiceError):
    code = "FORBIDDEN"
    status = 403


class NotFound(ServiceError):
    code = "NOT_FOUND"
    status = 404


class Conflict(ServiceError):
    code = "CONFLICT"
    status = 409


class Gone(ServiceError):
    """The record exists but its content is no longer here (e.g. a file missing from storage)."""

    code = "GONE"
    status = 410


class PayloadTooLarge(ServiceError):
    code = "PAYLOAD_TOO_LARGE"
    status = 413


class RateLimited(ServiceError):
    code = "RATE_LIMITED"
    status = 429


class Maintenance(ServiceError):
    code = "MAINTENANCE"
    status = 503


# Code used when an error response is produced from a bare HTTP status.
CODE_FOR_STATUS = {
    400: "VALIDATION_ERROR",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    410: "GONE",
    413: "PAYLOAD_TOO_LARGE",
    422: "VALIDATION_ERROR",
    429: "RATE_LIMITED",
    503: "MAINTENANCE",  # or UNAVAILABLE while the database is unreachable (core.unavailable)
}


def error_body(code: str, message: str, details: Any = None) -> dict:
    return {"success": False, "error": {"code": code, "message": message, "details": details}}


def error_response(
    code: str, message: str, details: Any = None, *, status: int, **headers: str
) -> HttpResponse:
    """The error envelope as an HTTP response, written like every API body (compact UTF-8 JSON
    by `core.renderers.dumps`), for the middleware and views that answer before ninja does."""
    from unicon.core.renderers import dumps

    return HttpResponse(
        dumps(error_body(code, message, details)),
        status=status,
        content_type="application/json; charset=utf-8",
        headers=headers or None,
    )
