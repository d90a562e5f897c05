"""Labels of data in the reader's language (issue 13): the built-in stop templates (names and
stop purposes seeded by migration 0002) and the shipment types.

Built-in labels are msgids of the shipments catalogue (`shipments/locale/vi`), so they read
in Vietnamese or English with the page; labels typed by ADMIN (new templates, edited stop
purposes) are shown as typed. Codes are never shown on pages.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_noop, pgettext

#: The seeded data labels (`migrations/0002_seed_stop_templates.py`).
BUILTIN = frozenset(
    {
        gettext_noop("Pick up empty container"),
        gettext_noop("Warehouse loading"),
        gettext_noop("Deliver to port"),
        gettext_noop("Pick up container at port"),
        gettext_noop("Warehouse unloading"),
        gettext_noop("Return empty container"),
    }
)
#: The names of the built-in shipment types, by code (msgctxt "shipment type": "Import" is
#: also the data-import button).
TYPE_NAMES = {"EXPORT": "Export", "IMPORT": "Import"}


def data_label(text: str) -> str:
    """A label stored as data: translated if it is a built-in one, else as typed."""
    text = text or ""
    return gettext(text) if text in BUILTIN else text


def stored_label(text: str) -> str:
    """The form a typed label is stored in: a built-in label written in any page language
    (a form pre-filled in Vietnamese, then saved unchanged) is stored as its msgid, so that
    it reads in each reader's language again; anything else is stored as typed."""
    text = (text or "").strip()
    return _builtin_by_translation().get(text, text)


def _builtin_by_translation() -> dict[str, str]:
    """{translated built-in label: msgid} for every page language (the msgids included)."""
    found = {msgid: msgid for msgid in BUILTIN}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found.update({gettext(msgid): msgid for msgid in BUILTIN})
    return found


def type_label(code: str, name: str = "") -> str:
    """A shipment type for people: the built-in type's translated name, else the template's
    `name`, else the code (an ADMIN-made type whose name was not passed)."""
    if code in TYPE_NAMES:
        return pgettext("shipment type", TYPE_NAMES[code])
    return data_label(name) or code or ""


def status_label(code: str) -> str:
    """An operation or document status code as its label in the reader's language (for
    refusal messages; `details` keep the codes for programs)."""
    from unicon.shipments.models import DocumentStatus, OperationStatus, ReviewStatus

    for choices in (OperationStatus, DocumentStatus, ReviewStatus):
        if code in choices.values:
            return str(choices(code).label)
    return str(code or "")


def choice_label(choices, code: str) -> str:
    """`choices(code).label` in the reader's language, or the code if it is not one of them."""
    return str(choices(code).label) if code in choices.values else str(code or "")
