"""The one reader of a shipment version sent back by a client (optimistic locking): the
`If-Match` header or `version` field of the API, the hidden `version` field of the pages
(edit, assign, hand over, unassign, the board's moves). A missing or unreadable version is
refused with the same message wherever it comes from — never guessed from the stored row,
which would silently overwrite someone else's change."""

from django.utils.translation import gettext as _

from unicon.core.errors import ValidationFailed


def read_version(value, *, required: bool = True) -> int | None:
    """`value` (an int, or text such as `3`, `"3"`, `W/"3"`) as a version number ≥ 1; None
    when empty and not `required`.

    Raises `ValidationFailed` (400, `details.version` "required" or "invalid").
    """
    if value is None or str(value).strip() == "":
        if not required:
            return None
        raise ValidationFailed(
            _(
                "The version of the shipment you edited is missing: reload the shipment "
                "and make your change again."
            ),
            {"version": ["required"]},
        )
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        raw = str(value).strip().removeprefix("W/").strip('"').strip()
        number = int(raw) if raw.isascii() and raw.isdigit() else 0
    if number < 1:
        raise ValidationFailed(
            _(
                "The version of the shipment you edited is not valid: reload the shipment "
                "and make your change again."
            ),
            {"version": ["invalid"]},
        )
    return number
