"""Handler of the freight-rate sheet (`Giá cước vận chuyển`): each row becomes a company-wide
tariff line (no customer) through `billing.services.save_tariff`, so every rule of a tariff
applies.

A row says a route in free text (`Cát Lái - VSIP`), an optional container type and a price.
The route is split at `-`, `–`, `→`, `>` or ` đến `; each end is the shared location of that
name (accents and case ignored), or else the one location whose name contains it as whole
words (`Cát Lái` → `Cảng Cát Lái`). A route whose ends cannot both be found (or are
ambiguous) is not imported: a warning names the place, never a guess. Decisions: the sheet
has no dates, so an imported rate is valid from the day of the import, open-ended, with the
default VAT rate (8 %); a re-run finds the line again by its natural key (from + to +
container type) and updates only a changed price.
"""

from __future__ import annotations

import re

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unicon.billing import services as billing
from unicon.billing.models import Tariff
from unicon.customers.models import Location
from unicon.dataio.engine import (
    CREATED,
    DUPLICATE,
    NOT_IMPORTED,
    UNCHANGED,
    UPDATED,
    ImportContext,
    register,
)
from unicon.dataio.models import ImportedRecord, RecordKind
from unicon.dataio.sheets import specs
from unicon.dataio.sheets.master import AMBIGUOUS_PLACE, find_place
from unicon.dataio.sheets.orders import CONTAINER_TYPES
from unicon.dataio.values import Message, one_of, parse_money, text
from unicon.dataio.workbook import Row

_ROUTE_SPLIT = re.compile(r"\s*(?:->|→|>|–|—|\s-\s|-|\bđến\b|\bden\b)\s*", re.IGNORECASE)


class RateHandler:
    spec = specs.RATES
    api_fields = {"price": "price", "containerType": "container_type"}

    def import_row(self, row: Row, ctx: ImportContext) -> str:
        v = ctx.parse(
            row,
            {
                "route": text,
                "container_type": one_of(CONTAINER_TYPES, _("container type")),
                "price": parse_money,
            },
        )
        ends = [part for part in _ROUTE_SPLIT.split(v["route"]) if part]
        if len(ends) != 2:
            ctx.warning(
                row,
                "route",
                Message(
                    _("Not imported: write the route as “from - to” (%(route)s)."),
                    {"route": v["route"]},
                ),
            )
            return NOT_IMPORTED
        places = []
        for end in ends:
            found = find_place(ctx, end)
            if not isinstance(found, Location):
                template = (
                    AMBIGUOUS_PLACE if found else _("Not imported: no location called %(place)s.")
                )
                ctx.warning(row, "route", Message(template, {"place": end}))
                return NOT_IMPORTED
            places.append(found)
        container = v["container_type"] or ""
        key = f"{places[0].pk}>{places[1].pk}>{container}"
        if not ctx.first_seen("rate", key, row, "route"):
            return DUPLICATE
        record = ImportedRecord.objects.filter(kind=RecordKind.TARIFF, key=key).first()
        existing = Tariff.objects.filter(pk=record.object_id).first() if record else None
        data = {
            "from_location_id": places[0].public_id,
            "to_location_id": places[1].public_id,
            "container_type": container,
            "price": v["price"],
            "valid_from": existing.valid_from if existing else timezone.localdate(),
            "note": f"Nhập từ sổ Excel «{row_sheet(ctx)}», dòng {row.number}"[:255],
        }
        if existing is not None and existing.price == v["price"]:
            return UNCHANGED
        public_id = existing.public_id if existing else None
        tariff = ctx.call(row, self, billing.save_tariff, ctx.user, data, public_id)
        ctx.remember(RecordKind.TARIFF, key, tariff, notes=v["route"])
        return UPDATED if existing else CREATED


def row_sheet(ctx: ImportContext) -> str:
    return ctx.sheet.name if ctx.sheet else ""


register(RateHandler())
