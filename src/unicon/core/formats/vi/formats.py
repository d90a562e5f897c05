"""Input formats of page forms: ISO and day-first dd/mm/yyyy (`unicon.core.dates`); the
display formats stay Django's for the language."""

from unicon.core.dates import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS

__all__ = ["DATETIME_INPUT_FORMATS", "DATE_INPUT_FORMATS"]
