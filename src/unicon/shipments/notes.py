"""History notes that read in each reader's language.

A note written by the system is stored as its message id (`ShipmentEvent.note`, English
source text) with its parameters in `data["noteParams"]`, and translated when it is shown
(`note_text`). Parameters are plain values (names, plates), other notes (`Note`) or codes of
a choice list (`Label`, e.g. a photo type), which are translated too. A note typed by a
person (a cancellation reason, a driver's remark) has no parameters and is shown as typed.

`Note` and `Label` are strings in the active language, so code that reads them as text (a
message, a notification) gets the same text as before; the history writers
(`shipments.services.append_event`, `events.as_row`) store them with `stored`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

#: Choice lists whose codes may be note parameters, by name (`register_choices`).
CHOICES: dict[str, Any] = {}
PARAMS_KEY = "noteParams"


def register_choices(name: str, choices: Any) -> None:
    """Make the TextChoices `choices` usable as `Label(name, code)` parameters."""
    CHOICES[name] = choices


class Label(str):
    """A code of the registered choice list `choices` as its label in the active language."""

    def __new__(cls, choices: str, code: str) -> Label:
        self = super().__new__(cls, _label(choices, code))
        self.choices, self.code = choices, code
        return self

    def stored(self) -> dict:
        return {"choices": self.choices, "code": self.code}


class Note(str):
    """`gettext(msgid) % params` in the active language, remembering `msgid` and `params`."""

    def __new__(cls, msgid: str, **params: Any) -> Note:
        self = super().__new__(cls, _render(msgid, params))
        self.msgid, self.params = msgid, params
        return self

    def stored(self) -> dict:
        return {"msgid": self.msgid, "params": _stored_params(self.params)}


def _stored_params(params: dict) -> dict:
    return {
        name: value.stored() if isinstance(value, Note | Label) else value
        for name, value in params.items()
    }


def stored(note: Any, data: dict | None) -> tuple[str, dict]:
    """(`note` column, `data` column) of a history line: a `Note` as its msgid with its
    parameters under `data["noteParams"]`; any other note as typed."""
    data = dict(data or {})
    if isinstance(note, Note):
        if note.params:
            data[PARAMS_KEY] = _stored_params(note.params)
        return note.msgid, data
    return str(note or ""), data


def note_text(note: str, data: dict | None = None) -> str:
    """A stored note in the active language: a message id translated (with its stored
    parameters), anything else as typed."""
    params = (data or {}).get(PARAMS_KEY) if isinstance(data, dict) else None
    if not isinstance(params, dict) or not params:
        return gettext(note) if note else ""
    return _render(note, {name: _shown(value) for name, value in params.items()})


def _shown(value: Any) -> Any:
    if isinstance(value, dict) and "msgid" in value:
        params = value.get("params") or {}
        return _render(value["msgid"], {k: _shown(v) for k, v in params.items()})
    if isinstance(value, dict) and "choices" in value:
        return _label(value["choices"], value.get("code", ""))
    return value


def _render(msgid: str, params: dict) -> str:
    text = gettext(msgid)
    if not params:
        return text
    values = {name: str(value) for name, value in params.items()}
    for pattern in (text, msgid):  # a broken translation falls back to the English text
        try:
            return pattern % values
        except (KeyError, TypeError, ValueError):
            continue
    return text


def _label(choices: str, code: str) -> str:
    found = CHOICES.get(choices)
    return str(found(code).label) if found is not None and code in found.values else code
