"""The HTML of the timeline board's trip bars, written in Python.

A week's board shows a thousand bars; as template markup each bar cost ~30 variable and tag
nodes (half of the page's time). Here a bar is one `format_html` call: every value escaped,
the links built from one `reverse` per page.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

_ANY_ID = "00000000-0000-0000-0000-000000000000"


def _link(name: str):
    """`url(public_id)` for the URL pattern `name` taking one shipment id (reversed once)."""
    pattern = reverse(name, args=[_ANY_ID])
    return lambda public_id: pattern.replace(_ANY_ID, str(public_id))


class BarPainter:
    """Writes the bars of one board page; `next_path` is where "move to…" returns to
    (already URL-quoted)."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path
        self.assign, self.detail = _link("dispatcher-assign"), _link("ops-shipment")
        self.move = _link("dispatcher-board-move")
        self.move_to, self.late, self.overrunning = _("Move to…"), _("late"), _("overrunning")

    def html(self, bar: dict) -> SafeString:
        """One trip bar: status colour and late/overrun marks, its place (`bar["style"]`),
        the shipment link, crew, and for a trip not started the ⇄ "move to…" link and the
        drag data."""
        shipment, pending = bar["shipment"], bar["status"] == "PENDING"
        classes = f"task bar st-{bar['status'].lower()}"
        classes += " late" * bool(bar["late"]) + " overrun" * bool(bar["overrun"])
        flag = self.overrunning if bar["overrun"] else self.late if bar["late"] else ""
        return format_html(
            '<div class="{}"{} style="{}" title="{}">{}<a href="{}">{}</a> <span>{}</span>{}'
            '<span class="sr-only">{}, {}</span></div>',
            classes,
            format_html(' data-move="{}" data-version="{}"', shipment["id"], shipment["version"])
            if pending
            else "",
            bar["style"],
            bar["title"],
            self._move_link(bar) if pending else "",
            (self.assign if pending else self.detail)(shipment["id"]),
            shipment["number"],
            bar["crew"],
            format_html(' <span class="flag">{}</span>', flag) if flag else "",
            bar["when"],
            bar["status_label"],
        )

    def _move_link(self, bar: dict) -> SafeString:
        shipment = bar["shipment"]
        return format_html(
            '<a class="move-to" href="{}?version={}&amp;next={}" aria-label="{}" title="{}">⇄</a> ',
            self.move(shipment["id"]),
            shipment["version"],
            self.next_path,
            _("Move %(n)s to another tractor…") % {"n": shipment["number"]},
            self.move_to,
        )
