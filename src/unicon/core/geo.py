"""GPS positions as phones and pages send them: WGS 84 degrees, kept to 6 decimals (~0.1 m)."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from unicon.core.errors import ValidationFailed

MICRODEGREE = Decimal("0.000001")


def _finite(value) -> Decimal | None:
    """A coordinate as a finite Decimal, else None (text, NaN, Infinity)."""
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def parse_position(latitude, longitude) -> tuple[Decimal, Decimal] | None:
    """(latitude, longitude) in degrees, rounded to 6 decimals; None when both are missing.

    Raises `ValidationFailed` (400, naming `latitude` / `longitude`) when only one is given,
    when a value is not a finite number, or when it is outside -90..90 / -180..180.
    """
    if latitude is None and longitude is None:
        return None
    if latitude is None or longitude is None:
        raise ValidationFailed(
            _("Send both latitude and longitude, or neither."),
            {"latitude": [_("Both or none.")], "longitude": [_("Both or none.")]},
        )
    lat, lng = _finite(latitude), _finite(longitude)
    errors = {}
    if lat is None or not -90 <= lat <= 90:
        errors["latitude"] = [_("Must be between -90 and 90.")]
    if lng is None or not -180 <= lng <= 180:
        errors["longitude"] = [_("Must be between -180 and 180.")]
    if errors:
        raise ValidationFailed(_("Invalid GPS position."), errors)
    return lat.quantize(MICRODEGREE), lng.quantize(MICRODEGREE)


def position_pair(position) -> tuple[Decimal | None, Decimal | None]:
    """`position` as None, a (latitude, longitude) pair or a dict with those keys → the two
    columns of a history line ((None, None) when it is missing or half given)."""
    if position is None:
        return None, None
    if isinstance(position, dict):
        lat, lng = position.get("latitude"), position.get("longitude")
    else:
        lat, lng = position
    if lat is None or lng is None:
        return None, None
    return parse_position(lat, lng)
