"""The error answers every API operation can give, declared in /api/openapi.json.

Each operation's own `response={…}` declares its successes (and sometimes errors); this adds
the envelope `{"success": false, "error": {"code", "message", "details"}}` for the statuses
that the middleware, authentication, validation and services can answer, so clients and
schemathesis see them: 401 (when the operation needs a login), 403, 404 (when the path names
a resource), 400/409 (when the request changes something), 413 (uploads), 422, 429, 503.
"""

from typing import Any

from unicon.core.schemas import ErrorOut

WHY = {
    "400": "Invalid input (VALIDATION_ERROR, details per field)",
    "401": "Not logged in (UNAUTHORIZED)",
    "403": "The role may not do this (FORBIDDEN)",
    "404": "No such resource, or not visible to this user (NOT_FOUND)",
    "409": "The resource's state forbids it now (CONFLICT)",
    "413": "The body is larger than POD_MAX_BYTES (PAYLOAD_TOO_LARGE)",
    "422": "The body or parameters do not match this schema (VALIDATION_ERROR)",
    "429": "Too many requests (RATE_LIMITED), see Retry-After",
    "503": "Maintenance or the database is unreachable (MAINTENANCE, UNAVAILABLE), see Retry-After",
}
WRITES = {"post", "put", "patch", "delete"}


def _statuses(method: str, path: str, operation: dict) -> list[str]:
    statuses = ["403", "422", "429", "503"]
    if operation.get("security") != []:
        statuses.append("401")
    if "{" in path:
        statuses.append("404")
    if method in WRITES:
        statuses += ["400", "409"]
    body = operation.get("requestBody", {}).get("content", {})
    if "multipart/form-data" in body:
        statuses.append("413")
    return statuses


def declare_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error envelope (`ErrorOut`) for each status an operation can answer and does not
    declare itself."""
    error = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(error.pop("$defs", {}))
    components["ErrorOut"] = error
    envelope = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            responses = operation.setdefault("responses", {})
            for status in _statuses(method, path, operation):
                responses.setdefault(status, {"description": WHY[status], "content": envelope})
    return schema
