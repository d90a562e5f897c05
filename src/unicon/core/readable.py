"""How a refusal reads on a page: in the reader's language, each problem under the name people
read for its field — never a raw key (`customer_id`, `fullName`), a code (`malformed`,
`CONTAINER_EXTERIOR`) or a Python repr.

A service refusal (`ServiceError`) carries a human `message` and, for a `ValidationFailed`,
`details` keyed like the API body (camelCase or snake_case, `stops[2].locationName`) whose
reasons are sentences or short codes (`required`, `unknown`). A page names a key by the
labels it passes (its form's labels, keyed by field name), else by `COMMON_LABELS`, else by
the generic `OTHER_LABEL`; a code is read as its sentence (`REASONS`), or as the refusal's
message when it has none. Every page shows refusals through these functions: the forms
(`core.forms.ServiceFormMixin`), the page messages (`web.common.report`), the list filters
(`core.filtering.errors_of`) and the bound forms a view checks by hand (`form_refusal`).
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from unicon.core.crud import snake
from unicon.core.errors import ServiceError, ValidationFailed

#: The name of a detail whose key no page or common label knows (never the raw key).
OTHER_LABEL = _("Other value")

#: Names people read for the detail keys many services and lists use (snake_case keys).
COMMON_LABELS: dict[str, Any] = {
    "cursor": _("Page link"),
    "limit": _("Rows per page"),
    "page": _("Page"),
    "version": _("Version"),
    "if_match": _("Version"),
    "file": _("File"),
    "files": _("File"),
    "email": _("E-mail"),
    "full_name": _("Full name"),
    "phone": _("Phone"),
    "password": _("Password"),
    "role": _("Role"),
    "customer": _("Customer"),
    "customer_id": _("Customer"),
    "name": _("Name"),
    "code": _("Code"),
    "note": _("Note"),
    "notes": _("Notes"),
    "reason": _("Reason"),
    "comment": _("Comment"),
    "instructions": _("Instructions"),
    "driver": _("Driver"),
    "driver_id": _("Driver"),
    "tractor": _("Tractor"),
    "tractor_id": _("Tractor"),
    "trailer": _("Trailer"),
    "trailer_id": _("Trailer"),
    "shipment": _("Shipment"),
    "shipment_id": _("Shipment"),
    "stop_id": _("Stop"),
    "stops": _("Stops"),
    "task_id": _("Trip"),
    "photo_type": _("Photo type"),
    "document_type": _("Document type"),
    "operation_status": _("Status"),
    "document_status": _("Document status"),
    "status": _("Status"),
    "type": _("Type"),
    "date": _("Date"),
    "date_from": _("From date"),
    "date_to": _("To date"),
    "planned_start": _("Planned start"),
    "planned_end": _("Planned end"),
    "occurred_at": _("Time"),
    "latitude": _("Latitude"),
    "longitude": _("Longitude"),
    "q": _("Search"),
    "location_id": _("Location"),
    "location_name": _("Location name"),
    "label": _("Label"),
    "stop_type": _("Stop type"),
    "planned_arrival": _("Planned arrival"),
    "planned_departure": _("Planned departure"),
    "address": _("Address"),
    "contact_person": _("Contact person"),
    "contact_phone": _("Contact phone"),
    "required_photos": _("Required photos"),
    "container_number": _("Container number"),
    "booking_number": _("Booking number"),
    "bill_of_lading": _("Bill of lading"),
    "special_instructions": _("Special instructions"),
}

#: How the item of a list detail (`stops[2].locationName`) is named.
_LIST_ROWS = {"stops": _("%(field)s (stop %(n)s)"), "lines": _("%(field)s (line %(n)s)")}

#: The sentence of each short code a service puts in `details` (the API keeps the code).
REASONS: dict[str, Any] = {
    "required": _("This field is required."),
    "unknown": _("Not found: choose one from the list."),
    "invalid": _("Enter a valid value."),
    "malformed": _("Enter a valid value."),
    "exists": _("This is already used."),
    "inactive": _("This is inactive."),
}

#: A reason that is a code, not a sentence: `malformed`, `not_found`, `too many` (lower-case
#: words, no full stop), `CONTAINER_EXTERIOR`, `PORT_GATE_PASS, OTHER`.
_CODE = re.compile(r"[a-z][a-z_ ]*|[A-Z][A-Z0-9_]*(\s*,\s*[A-Z][A-Z0-9_]*)*")
#: `stops[2].locationName` → ("stops", "2", "locationName")
_INDEXED = re.compile(r"(\w+)\[(\d+)\]\.(\w+)")


def label_for(key: str, labels: Mapping[str, Any] | None = None) -> str:
    """The name people read for detail `key` (camelCase, snake_case or `list[i].field`),
    capitalised, in the active language: the page's `labels` (by key or snake_case field
    name), else `COMMON_LABELS`, else `OTHER_LABEL`."""
    labels = labels or {}
    key = str(key)
    for table in (labels, COMMON_LABELS):
        for name in (key, snake(key)):
            if table.get(name):
                return capfirst(str(table[name]))
    indexed = _INDEXED.fullmatch(key)
    if indexed:
        field = label_for(indexed.group(3), labels)
        row = _LIST_ROWS.get(indexed.group(1), _("%(field)s (row %(n)s)"))
        return row % {"field": field, "n": int(indexed.group(2)) + 1}
    return capfirst(str(OTHER_LABEL))


def is_code(reason: str) -> bool:
    """True for a machine code (`malformed`, `range too long`, `CONTAINER_EXTERIOR`), not a
    sentence (which starts with a capital or ends with a full stop)."""
    return bool(_CODE.fullmatch(reason.strip()))


def reason_text(reason: Any, fallback: str) -> str:
    """A detail's reason as people read it: a sentence as it is, a known code as its sentence
    (`REASONS`), anything else (another code, a number) as `fallback`."""
    text = str(reason).strip()
    if isinstance(reason, str) and text and not is_code(text):
        return text
    if text in REASONS:
        return str(REASONS[text])
    return fallback


def _reasons(value: Any) -> Iterable[Any]:
    """The reasons of one detail, flattened (a string, a list, or nested rows' reasons)."""
    if isinstance(value, Mapping):
        for inner in value.values():
            yield from _reasons(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from _reasons(inner)
    elif value is not None:
        yield value


def field_reasons(exc: ServiceError, *, codes: bool = True) -> dict[str, list[str]]:
    """The field errors of a `ValidationFailed` as {detail key: [readable reason, …]} (codes
    read as sentences, else as the refusal's message; without `codes`, only the sentences
    the service wrote); {} for other refusals, whose details are data for API clients
    (versions, problems, references), not field errors."""
    if not isinstance(exc, ValidationFailed) or not isinstance(exc.details, Mapping):
        return {}
    result: dict[str, list[str]] = {}
    for key, value in exc.details.items():
        reasons = []
        for reason in _reasons(value):
            if not codes and not (isinstance(reason, str) and not is_code(reason)):
                continue
            text = reason_text(reason, exc.message)
            if text not in reasons:
                reasons.append(text)
        if reasons:
            result[str(key)] = reasons
    return result


def lines(reasons: Mapping[str, list[str]], labels: Mapping[str, Any] | None = None) -> list[str]:
    """ "Label: reason; reason" for each field of `reasons` ({detail key: [text, …]})."""
    return [f"{label_for(key, labels)}: {'; '.join(texts)}" for key, texts in reasons.items()]


def text(exc: ServiceError, labels: Mapping[str, Any] | None = None) -> str:
    """A refusal as one line on a page: its message, then each field's label and the reasons
    the service wrote that the message does not already say ("Some filters are invalid. From
    date: Enter a real day…"; the message alone when it is the only reason; codes are left
    to the message, which explains them)."""
    return compose(exc.message, field_reasons(exc, codes=False), labels)


def _said(reason: str, message: str) -> bool:
    """Whether `message` already says `reason` (case and final full stop aside)."""
    return reason.strip().rstrip(".").casefold() in message.casefold()


def compose(
    message: str, reasons: Mapping[str, list[str]], labels: Mapping[str, Any] | None = None
) -> str:
    """`text` of a message and readable field reasons ({detail key: [text, …]})."""
    if len(reasons) == 1 and next(iter(reasons.values())) == [message]:
        return lines(reasons, labels)[0]  # "Days: Enter a number from 1 to 7."
    new = {key: [t for t in texts if not _said(t, message)] for key, texts in reasons.items()}
    return " ".join([message, *lines({k: texts for k, texts in new.items() if texts}, labels)])


def form_labels(form: forms.BaseForm) -> dict[str, str]:
    """{field name: label} of a form (the label people see beside the field)."""
    return {name: str(field.label or "") for name, field in form.fields.items() if field.label}


def form_text(form: forms.BaseForm) -> str:
    """A bound form's errors as one line: "Label: reason" per field, the form's own errors
    first — for a page that shows them above the form (not `form.errors.as_text()`, which
    writes the field names)."""
    labels = form_labels(form)
    parts = [str(e) for e in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name != forms.forms.NON_FIELD_ERRORS:
            parts.append(f"{label_for(name, labels)}: {'; '.join(map(str, errors))}")
    return " ".join(parts)


def form_refusal(form: forms.BaseForm) -> ValidationFailed:
    """An invalid bound form as the `ValidationFailed` a service would raise: its message is
    `form_text`, its details {field: [reasons]} (what `report` shows)."""
    details = {name: [str(e) for e in errors] for name, errors in form.errors.items()}
    return ValidationFailed(form_text(form), details)
