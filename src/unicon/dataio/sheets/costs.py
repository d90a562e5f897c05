"""Handlers of the fuel and repair sheets (through `costs.services`).

Every row becomes one log entered by the importing ADMIN with `create_fuel_log` /
`create_repair_log` (so every rule of a new log applies: tractors only for fuel, amount =
litres × unit price within the pump's rounding, no future dates, a repair line needs a
description and a quantity) and is then confirmed with `review_fuel_log` /
`review_repair_log`. Decision: the workbook is the company's own settled record of past
costs, so imported logs are CONFIRMED (they count in the margins per truck, which read
confirmed logs by default) and therefore final; the log's notes start with "Nhập từ sổ
Excel «sheet», dòng N" and `dataio.ImportedRecord` (kind FUEL / REPAIR) links it to its run.

Natural keys (a re-run, or a fill a driver already entered on the phone, is UNCHANGED; a
cost log is never updated by an import):
* fuel: plate + local day + litres + amount (+ odometer when the sheet has one);
* repair: plate + day + description (accents, case ignored) + amount.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unicon.core.display import grouped
from unicon.core.numbers import MAX_LITRES, MAX_ODOMETER_KM, MAX_QUANTITY
from unicon.costs import services as cost_services
from unicon.costs.models import FuelLog, LineKind, RepairLog, ReviewStatus
from unicon.dataio.engine import CREATED, DUPLICATE, UNCHANGED, ImportContext, register
from unicon.dataio.models import RecordKind
from unicon.dataio.sheets import specs
from unicon.dataio.sheets.fleet import drivers_by_key
from unicon.dataio.values import (
    CellError,
    Message,
    fold,
    one_of,
    parse_date,
    parse_decimal,
    parse_int,
    parse_money,
    parse_phone,
    parse_plate,
    parse_time,
    text,
)
from unicon.dataio.workbook import Row
from unicon.fleet.models import Vehicle


def _vehicle(ctx: ImportContext, row: Row, plate: str) -> Vehicle:
    """The vehicle of `plate` (shares the vehicles sheet's cache: a vehicle created earlier
    in the same run is found)."""
    if "vehicles" not in ctx.cache:
        ctx.cache["vehicles"] = {x.plate: x for x in Vehicle.objects.select_related("owner")}
    vehicle = ctx.cache["vehicles"].get(plate)
    if vehicle is None:
        raise ctx.fail(
            row, "plate", _("No vehicle %(plate)s; add it to the vehicles sheet."), plate=plate
        )
    return vehicle


def _driver_id(ctx: ImportContext, row: Row, name: str):
    """The public id of the driver named (or phoned) in the row; unknown → warning, None."""
    if not name:
        return None
    known = drivers_by_key(ctx)
    try:
        phone = parse_phone(name)
    except CellError:
        phone = ""
    driver = (phone and known.get(phone)) or known.get(fold(name))
    if driver is None:
        message = _("No driver called %(name)s; the log is kept without a driver.")
        ctx.warning(row, "driver", Message(message, {"name": name}))
        return None
    return driver.public_id


def _notes(ctx: ImportContext, row: Row, extra: str) -> str:
    """The imported marker (in the site's language) and the row's own notes."""
    marker = Message(
        _("Imported from the workbook «%(sheet)s», row %(row)s."),
        {"sheet": ctx.sheet.name, "row": row.number},
    ).render(settings.LANGUAGE_CODE)
    return "\n".join(part for part in (marker, extra) if part)


def _confirm(ctx: ImportContext, row: Row, handler, review, log, kind: str, key: str) -> str:
    ctx.call(row, handler, review, ctx.user, log.public_id, ReviewStatus.CONFIRMED)
    ctx.remember(kind, key, log)
    return CREATED


# --------------------------------------------------------------------------- fuel


class FuelHandler:
    spec = specs.FUEL
    whole_message = True
    api_fields = {
        "vehicle": "plate",
        "driver": "driver",
        "filledAt": "date",
        "litres": "litres",
        "unitPrice": "unit_price",
        "amount": "amount",
        "odometerKm": "odometer",
    }

    def import_row(self, row: Row, ctx: ImportContext) -> str:
        v = ctx.parse(
            row,
            {
                "date": parse_date,
                "time": parse_time,
                "plate": parse_plate,
                "driver": text,
                "litres": lambda x: parse_decimal(x, 3, MAX_LITRES),
                "unit_price": parse_money,
                "amount": parse_money,
                "odometer": lambda x: parse_int(x, 0, MAX_ODOMETER_KM),
                "station": text,
                "notes": text,
            },
        )
        litres, price, amount = self._figures(ctx, row, v)
        moment = v["time"] or parse_time(row.values.get("date")) or dt.time.min
        filled_at = timezone.make_aware(dt.datetime.combine(v["date"], moment))
        vehicle = _vehicle(ctx, row, v["plate"])
        key = "|".join(
            str(part) for part in (v["plate"], v["date"], litres, amount or "", v["odometer"] or "")
        )
        if not ctx.first_seen("fuel", key, row, "plate"):
            return DUPLICATE
        if self._exists(vehicle, v["date"], litres, amount, v["odometer"]):
            return UNCHANGED
        data = cost_services.FuelInput(
            vehicle=vehicle.public_id,
            filled_at=filled_at,
            litres=litres,
            unit_price=price,
            amount=amount,
            odometer_km=v["odometer"],
            station=v["station"],
            driver=_driver_id(ctx, row, v["driver"]),
            notes=_notes(ctx, row, v["notes"]),
        )
        log = ctx.call(row, self, cost_services.create_fuel_log, ctx.user, data)
        review = cost_services.review_fuel_log
        return _confirm(ctx, row, self, review, log, RecordKind.FUEL, key)

    def _figures(self, ctx: ImportContext, row: Row, v: dict) -> tuple[Decimal, int, int | None]:
        """(litres, unit price, amount or None): any two of the three give the third — the
        unit price as amount ÷ litres in whole đồng, litres as amount ÷ price to 0.001 L
        (within the pump's rounding by construction); the service checks the three agree."""
        litres, price, amount = v["litres"], v["unit_price"], v["amount"]
        if price == 0:
            raise ctx.fail(row, "unit_price", _("The unit price must be above 0."))
        if litres is not None and price is not None:
            return litres, price, amount
        if litres is not None and amount:
            return litres, cost_services.round_vnd(amount / litres), amount
        if price is not None and amount:
            return (amount / Decimal(price)).quantize(Decimal("0.001")), price, amount
        raise ctx.fail(row, "litres", _("Give at least two of litres, unit price and amount."))

    def _exists(self, vehicle, day, litres, amount, odometer) -> bool:
        start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
        fills = FuelLog.objects.filter(
            vehicle=vehicle,
            filled_at__gte=start,
            filled_at__lt=start + dt.timedelta(days=1),
            litres=litres,
        )
        if amount is not None:
            fills = fills.filter(amount=amount)
        if odometer is not None:
            fills = fills.filter(Q(odometer_km=odometer) | Q(odometer_km__isnull=True))
        return fills.exists()


# --------------------------------------------------------------------------- repairs

LINE_KINDS = {
    "phu tung": LineKind.PART,
    "vat tu": LineKind.PART,
    "linh kien": LineKind.PART,
    "part": LineKind.PART,
    "nhan cong": LineKind.LABOUR,
    "tien cong": LineKind.LABOUR,
    "cong": LineKind.LABOUR,
    "labour": LineKind.LABOUR,
    "labor": LineKind.LABOUR,
}
#: A description naming work, not a part (`Tiền công thay lốp`, `Công sửa phanh`): LABOUR
#: when the sheet has no kind column; anything else is a PART.
LABOUR_WORDS = re.compile(r"^cong (sua|thay|lap|tho|bao duong)|\b(tien cong|nhan cong)\b")


class RepairHandler:
    spec = specs.REPAIRS
    whole_message = True
    api_fields = {
        "vehicle": "plate",
        "driver": "driver",
        "repairedOn": "date",
        "lines": "description",
        "lines[0].quantity": "quantity",  # a row is a repair of one line
        "lines[0].unitPrice": "unit_price",
        "odometerKm": "odometer",
    }

    def import_row(self, row: Row, ctx: ImportContext) -> str:
        v = ctx.parse(
            row,
            {
                "date": parse_date,
                "plate": parse_plate,
                "description": text,
                "kind": one_of(LINE_KINDS, _("cost kind")),
                "quantity": lambda x: parse_decimal(x, 3, MAX_QUANTITY),
                "unit_price": parse_money,
                "amount": parse_money,
                "garage": text,
                "odometer": lambda x: parse_int(x, 0, MAX_ODOMETER_KM),
                "driver": text,
                "notes": text,
            },
        )
        quantity = v["quantity"] or Decimal(1)
        price, amount = self._figures(ctx, row, quantity, v["unit_price"], v["amount"])
        vehicle = _vehicle(ctx, row, v["plate"])
        key = "|".join(
            str(part) for part in (v["plate"], v["date"], fold(v["description"]), amount)
        )
        if not ctx.first_seen("repair", key, row, "description"):
            return DUPLICATE
        if self._exists(vehicle, v["date"], v["description"], amount):
            return UNCHANGED
        kind = v["kind"] or (
            LineKind.LABOUR if LABOUR_WORDS.search(fold(v["description"])) else LineKind.PART
        )
        data = cost_services.RepairInput(
            vehicle=vehicle.public_id,
            repaired_on=v["date"],
            lines=[cost_services.LineInput(kind, v["description"], quantity, price)],
            garage=v["garage"],
            odometer_km=v["odometer"],
            driver=_driver_id(ctx, row, v["driver"]),
            notes=_notes(ctx, row, v["notes"]),
        )
        log = ctx.call(row, self, cost_services.create_repair_log, ctx.user, data)
        review = cost_services.review_repair_log
        return _confirm(ctx, row, self, review, log, RecordKind.REPAIR, key)

    def _figures(self, ctx, row, quantity: Decimal, price, amount) -> tuple[int, int]:
        """(unit price, amount): the price is amount ÷ quantity when missing; the amount
        must be round(quantity × price), as the repair line computes it."""
        if price is None and amount is None:
            raise ctx.fail(row, "amount", _("Give the cost (amount or unit price)."))
        if price is None:
            price = cost_services.round_vnd(amount / quantity)
        expected = cost_services.round_vnd(quantity * price)
        if amount is not None and amount != expected:
            raise ctx.fail(
                row,
                "amount",
                _("%(amount)s is not quantity × unit price = %(expected)s."),
                amount=grouped(amount),
                expected=grouped(expected),
            )
        return price, expected

    def _exists(self, vehicle, day, description: str, amount: int) -> bool:
        logs = RepairLog.objects.filter(vehicle=vehicle, repaired_on=day, total=amount)
        wanted = fold(description)
        return any(
            fold(line.description) == wanted
            for log in logs.prefetch_related("lines")
            for line in log.lines.all()
        )


register(FuelHandler())
register(RepairHandler())
