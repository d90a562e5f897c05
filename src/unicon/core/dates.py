"""Dates typed by people: ISO (`2026-12-05`, what browsers' own pickers send) and the
Vietnamese `05/12/2026` (`05-12-2026`, `05.12.2026`), with an optional `HH:mm` — whatever
the browser's or the user's language (never the American month first).

Used by every page form (Django's input formats: `unicon.core.formats`), the list filters
(`core.filtering`) and the page helpers (`web.common`)."""

import datetime as dt

#: Day first, never month first (Django's English default would read 05/12 as 12 May).
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y",
]


def parse_date(text: str | None) -> dt.date | None:
    """A day in one of `DATE_INPUT_FORMATS`; None when empty or not a real day."""
    text = (text or "").strip()
    for fmt in DATE_INPUT_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_datetime(text: str | None) -> dt.datetime | None:
    """A naive moment in one of `DATETIME_INPUT_FORMATS` (ISO with seconds or an offset too);
    None when empty or invalid."""
    text = (text or "").strip()
    if not text:
        return None
    for fmt in DATETIME_INPUT_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None
