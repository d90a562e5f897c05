"""The JSON API: one NinjaAPI, errors in DESIGN.md's envelope, OpenAPI at /api/docs."""

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from unicon import __version__
from unicon.accounts.api import router as auth_router
from unicon.accounts.auth import api_auth
from unicon.accounts.users_api import router as users_router
from unicon.billing.api import router as billing_router
from unicon.billing.api_receivables import router as receivables_router
from unicon.core import dates, unavailable
from unicon.core.api import router as core_router
from unicon.core.errors import CODE_FOR_STATUS, ServiceError, error_body
from unicon.core.openapi import declare_errors
from unicon.core.renderers import OrjsonRenderer
from unicon.core.schemas import to_camel
from unicon.costs.api import router as costs_router
from unicon.customers.api import router as customers_router
from unicon.dataio.api import router as dataio_router
from unicon.dispatch.api import router as dispatch_router
from unicon.fleet.api import router as fleet_router
from unicon.notifications.api import router as notifications_router
from unicon.pods.api import router as pods_router
from unicon.shipments.api import router as shipments_router

logger = logging.getLogger("unicon.api")


class UniconAPI(NinjaAPI):
    """Short stable operation ids (`listShipments`: the handler's name in camelCase) and the
    typed error envelope (`ErrorOut`) for each status an operation can answer."""

    def get_openapi_operation_id(self, operation) -> str:
        return to_camel(operation.view_func.__name__)

    def get_openapi_schema(self, *args, **kwargs):
        return declare_errors(super().get_openapi_schema(*args, **kwargs))


api = UniconAPI(
    title="Unicon Schedule API",
    version=__version__,
    description=(
        "Operations API of Unicon Schedule. Authenticate with `POST /api/auth/login`, then "
        "send `Authorization: Bearer <token>`. Errors are always "
        '`{"success": false, "error": {"code", "message", "details"}}`.'
    ),
    auth=api_auth,
    renderer=OrjsonRenderer(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _respond(request: HttpRequest, status: int, code: str, message: str, details=None):
    return api.create_response(request, error_body(code, message, details), status=status)


@api.exception_handler(ServiceError)
def _service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return _respond(request, exc.status, exc.code, exc.message, exc.details)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    refused = dates.refused_range(exc.errors)
    if refused is not None:  # days or moments outside the range: 400 naming each field
        return _service_error(request, refused)
    return _respond(request, 422, "VALIDATION_ERROR", _("Invalid request"), exc.errors)


@api.exception_handler(AuthenticationError)
def _authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _respond(request, 401, "UNAUTHORIZED", _("Authentication required"))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = CODE_FOR_STATUS.get(exc.status_code, "INTERNAL_ERROR")
    return _respond(request, exc.status_code, code, exc.message)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _respond(request, 404, "NOT_FOUND", _("Not found"))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _respond(request, 403, "FORBIDDEN", _("Forbidden"))


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, RequestDataTooBig):
        return _respond(request, 413, "PAYLOAD_TOO_LARGE", _("Request body is too large"))
    if unavailable.is_database_down(exc):
        return unavailable.unavailable(request)
    logger.exception("Unhandled API error on %s %s", request.method, request.path)
    return _respond(request, 500, "INTERNAL_ERROR", _("Internal server error"))


api.add_router("/", core_router)
api.add_router("/auth", auth_router)
api.add_router("/users", users_router)
api.add_router("/", customers_router)
api.add_router("/", fleet_router)
api.add_router("/", shipments_router)
api.add_router("/", dispatch_router)
api.add_router("/", pods_router)
api.add_router("/", costs_router)
api.add_router("/", dataio_router)
api.add_router("/", notifications_router)
api.add_router("/", billing_router)
api.add_router("/", receivables_router)
