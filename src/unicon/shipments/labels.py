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


def type_name(code: str) -> str:
    """`type_label` of a type known only by its code: an ADMIN-made type's name is read from
    its stop template (one query; built-in types need none)."""
    if not code or code in TYPE_NAMES:
        return type_label(code)
    from unicon.shipments.models import StopTemplate

    name = StopTemplate.objects.filter(code=code).values_list("name", flat=True).first()
    return type_label(code, name or "")


def type_choices() -> list[tuple[str, str]]:
    """(code, label) of every shipment type (stop template), for a select."""
    from unicon.shipments.models import StopTemplate

    rows = StopTemplate.objects.order_by("code").values_list("code", "name")
    return [(code, type_label(code, name)) for code, name in rows]


def status_label(code: str, kind: str = "") -> str:
    """A status code as its label in the reader's language: of the history line's `kind`
    (operation, document or financial status) when given, else of whichever status it is
    (for refusal messages; `details` keep the codes for programs)."""
    from unicon.shipments import models as m

    by_kind = {
        m.EventKind.OPERATION_STATUS: m.OperationStatus,
        m.EventKind.DOCUMENT_STATUS: m.DocumentStatus,
        m.EventKind.FINANCIAL_STATUS: m.FinancialStatus,
    }
    every = (m.OperationStatus, m.DocumentStatus, m.ReviewStatus, m.FinancialStatus)
    for choices in (by_kind[kind], *every) if kind in by_kind else every:
        if code in choices.values:
            return str(choices(code).label)
    return str(code or "")


def choice_label(choices, code: str) -> str:
    """`choices(code).label` in the reader's language, or the code if it is not one of them."""
    return str(choices(code).label) if code in choices.values else str(code or "")
