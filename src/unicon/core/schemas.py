"""Bases of the API schemas and the number types every request schema uses."""

from typing import Annotated, Any

from ninja import Schema
from pydantic import AliasChoices, AliasGenerator, BaseModel, ConfigDict, Field

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


def related_list(value: Any) -> Any:
    """A related manager (its prefetched rows) as a list, for `field_validator(mode="before")`."""
    return list(value.all()) if hasattr(value, "all") else value


def to_camel(name: str) -> str:
    """`planned_start` → `plannedStart`: the API's one naming convention for JSON keys."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


class CamelSchema(BaseModel):
    """Base of every API schema: snake_case in Python, camelCase in JSON (`to_camel`).

    Requests accept the camelCase keys (and the Python names, so services and tests can build
    them directly); the routers serialize responses by alias. A JSON key that is not the
    camelCase of the Python name is the only thing a schema spells out (`alias="type"`; for a
    response read from another attribute, `validation_alias="public_id"`).
    """

    model_config = ConfigDict(
        from_attributes=True,
        alias_generator=to_camel,
        populate_by_name=True,
        allow_inf_nan=False,  # no float field of a request accepts NaN or Infinity
    )


def _name_then_camel(name: str) -> str | AliasChoices:
    camel = to_camel(name)
    return name if camel == name else AliasChoices(name, camel)


class OutSchema(CamelSchema):
    """A response schema that pydantic-core fills straight from model attributes.

    ninja's `Schema` wraps every object in a Python attribute getter (for its `resolve_*`
    methods and dotted aliases): about 4 ms for a 50-row shipment page, against 0.5 ms for
    this. The Python name is read first (a model attribute, no failed lookup per field), then
    the camelCase key (a dict built by a service); the JSON key is the camelCase name.
    """

    model_config = ConfigDict(
        alias_generator=AliasGenerator(
            validation_alias=_name_then_camel, serialization_alias=to_camel
        ),
    )


class ResolvedSchema(Schema, OutSchema):
    """A response schema with ninja's `resolve_<field>` methods and Django getters (related
    managers as lists, callables called, files as URLs), camelCase in JSON like the others."""


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


class ErrorDetail(CamelSchema):
    code: str = Field(description="VALIDATION_ERROR, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, …")
    message: str
    details: Any = None


class ErrorOut(CamelSchema):
    """Every error response: `{"success": false, "error": {"code", "message", "details"}}`."""

    success: bool = False
    error: ErrorDetail


def form_json(schema: type[BaseModel], text: str, field: str) -> BaseModel:
    """`schema` read from the JSON `text` of the multipart form field `field` (an upload with
    a JSON part). Invalid JSON or values raise ninja's `ValidationError`, answered 422
    `VALIDATION_ERROR` like any body, each error's `loc` starting `["form", field, …]`."""
    from ninja.errors import ValidationError
    from pydantic import ValidationError as PydanticError

    try:
        return schema.model_validate_json(text)
    except PydanticError as exc:
        errors = []
        for error in exc.errors(include_url=False):
            error.pop("input", None)
            if isinstance(error.get("ctx", {}).get("error"), Exception):
                error["ctx"]["error"] = str(error["ctx"]["error"])
            errors.append({**error, "loc": ("form", field, *error["loc"])})
        raise ValidationError(errors) from None
