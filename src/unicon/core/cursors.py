"""The opaque keyset cursor: the last row's ordering values as JSON, urlsafe base64.

Kept free of Django imports so that tools outside the app (the benchmark) can build a
cursor exactly as the API does.
"""

import base64
import json
from typing import Any


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> Any:
    """The decoded JSON value; ValueError or TypeError when it is not a cursor."""
    padded = cursor + "=" * (-len(cursor) % 4)
    return json.loads(base64.urlsafe_b64decode(padded))
