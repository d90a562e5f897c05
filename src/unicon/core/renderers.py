"""The API's JSON renderer: orjson (a C serializer) instead of the standard library's.

The parsed JSON is the same as with ninja's default renderer: datetimes, dates and times
still go through `NinjaJSONEncoder` (Django's format: milliseconds, `Z` for UTC; aware
datetimes are written in UTC), as do
Decimals (strings), pydantic models and enums. The bytes differ only in form: no spaces
after `,` and `:`, and non-ASCII text as UTF-8 instead of `\\uXXXX` escapes (the body is
declared `charset=utf-8`).
"""

import datetime as dt
from typing import Any

import orjson
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from ninja.renderers import BaseRenderer
from ninja.responses import NinjaJSONEncoder

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS
_django_default = DjangoJSONEncoder().default
_ninja_default = NinjaJSONEncoder().default


def _default(value: Any) -> Any:
    # datetimes are most of what orjson hands back: straight to Django's format, past ninja's
    # checks for pydantic models, URLs, addresses and enums (the same result, ~2× cheaper);
    # an aware one in UTC, so every instant reads `…Z` whatever zone computed it (the board's
    # business-day bounds are Asia/Ho_Chi_Minh midnights)
    if type(value) is dt.datetime:
        if value.tzinfo is not None and value.utcoffset():
            value = value.astimezone(dt.UTC)
        return _django_default(value)
    return _ninja_default(value)


def iso_utc(value: dt.datetime | None) -> str | None:
    """An instant as the API writes it (`2026-11-30T01:00:00Z`, milliseconds when there are
    any), for values put into JSON as text (event payloads, reasons' details); None stays
    None."""
    return None if value is None else _default(value)


def dumps(data: Any) -> bytes:
    """`data` as JSON bytes (UTF-8), with the default renderer's value formats."""
    return orjson.dumps(data, default=_default, option=_OPTIONS)


class OrjsonRenderer(BaseRenderer):
    """ninja renderer: `application/json; charset=utf-8` bodies written by orjson."""

    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> bytes:
        return dumps(data)
