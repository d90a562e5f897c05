"""The one parser of public ids (UUIDs) coming from users, pages, API queries and CLIs."""

import uuid

from django.utils.translation import gettext as _

from unicon.core.errors import ValidationFailed


def as_uuid(value) -> uuid.UUID | None:
    """`value` as a UUID, or None when empty or malformed (for "id or number" look-ups)."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value)) if value not in (None, "") else None
    except (TypeError, ValueError, AttributeError):
        return None


def parse_uuid(value, field: str = "id") -> uuid.UUID | None:
    """A UUID from user input; None when empty; a malformed one is a 400 naming `field`.

    Raises `ValidationFailed` with details `{field: ["Not an id."]}`.
    """
    if value in (None, ""):
        return None
    parsed = as_uuid(value)
    if parsed is None:
        raise ValidationFailed(_("Invalid id."), {field: [_("Not an id.")]})
    return parsed
