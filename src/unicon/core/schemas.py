"""Bases of the API schemas and the number types every request schema uses."""

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

# Coordinates from the outside world: never NaN/Infinity (JSON's 1e400 is Infinity; refused
# here, 422). The range is declared for the OpenAPI document but checked by the models'
# validators, which answer 400 naming the field like every other invalid value.
Latitude = Annotated[
    float,
    Field(
        allow_inf_nan=False,
        description="degrees, -90..90 (WGS 84)",
        json_schema_extra={"minimum": -90, "maximum": 90},
    ),
]
Longitude = Annotated[
    float,
    Field(
        allow_inf_nan=False,
        description="degrees, -180..180 (WGS 84)",
        json_schema_extra={"minimum": -180, "maximum": 180},
    ),
]


class OutSchema(BaseModel):
    """A response schema that pydantic-core fills straight from model attributes.

    ninja's `Schema` wraps every object in a Python attribute getter (for its `resolve_*`
    methods and dotted aliases): about 4 ms for a 50-row shipment page, against 0.5 ms for
    this. Use it for response rows that need neither; `alias` names the model attribute, the
    JSON key is the field name, as with ninja's schemas.
    """

    model_config = ConfigDict(from_attributes=True)


def related_list(value: Any) -> Any:
    """A related manager (its prefetched rows) as a list, for `field_validator(mode="before")`."""
    return list(value.all()) if hasattr(value, "all") else value


def to_camel(name: str) -> str:
    """`planned_start` → `plannedStart`: the API's one naming convention for JSON keys."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


class CamelSchema(BaseModel):
    """Base of API request and response schemas: snake_case in Python, camelCase in JSON.

    Responses are read from model attributes; requests accept the camelCase keys (and the
    Python names, so services and tests can build them directly).
    """

    model_config = ConfigDict(
        from_attributes=True,
        alias_generator=to_camel,
        populate_by_name=True,
        allow_inf_nan=False,  # no float field of a request accepts NaN or Infinity
    )


class ActionOut(OutSchema):
    """One entry of `allowedActions`: may the user do `action` now; if not, why.

    `code` is the error code the action would answer with (FORBIDDEN: the role or company;
    CONFLICT: the object's state now), `message` the same text the refusal would carry.
    """

    action: str
    allowed: bool
    code: str | None = None
    message: str | None = None


def action_list(value: Any) -> Any:
    """{action name: policy Decision} → `ActionOut` rows, for `field_validator(mode="before")`."""
    if not isinstance(value, dict):
        return value
    return [
        {
            "action": name,
            "allowed": decision.allowed,
            "code": decision.code or None,
            "message": decision.message or None,
        }
        for name, decision in value.items()
    ]


class ErrorDetail(BaseModel):
    code: str = Field(description="VALIDATION_ERROR, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, …")
    message: str
    details: Any = None


class ErrorOut(BaseModel):
    """Every error response: `{"success": false, "error": {"code", "message", "details"}}`."""

    success: bool = False
    error: ErrorDetail
