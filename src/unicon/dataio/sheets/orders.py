"""Handler of the historical orders sheet: each order becomes a DELIVERED shipment.

The shipment is created by `shipments.services.create_shipment` (every rule of a new
shipment applies: customer active, stops, container number), with a pick-up stop and a
drop-off stop at the row's places (a place missing from the locations sheet is created and
flagged for review). It is then recorded as delivered, with one history line saying it
was imported. That last step deliberately does not go through the status
machine (`record_status`): a trip that ended years ago is not dispatched or driven now, and
no notification may go out for it. The order code is the natural key: a re-run skips it.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from unicon.core import audit
from unicon.dataio.engine import CREATED, DUPLICATE, UNCHANGED, ImportContext, register
from unicon.dataio.models import ImportedRecord, RecordKind
from unicon.dataio.sheets import specs
from unicon.dataio.sheets.master import customers_by_key, place
from unicon.dataio.values import Message, fold, one_of, optional, parse_date, parse_plate, text
from unicon.dataio.workbook import Row
from unicon.shipments import services as shipment_services
from unicon.shipments.models import ContainerType, EventKind, OperationStatus, StopType
from unicon.shipments.validators import is_valid_container_number, normalise_container_number

CONTAINER_TYPES = {
    "20": ContainerType.CONTAINER_20FT,
    "20ft": ContainerType.CONTAINER_20FT,
    "20dc": ContainerType.CONTAINER_20FT,
    "40": ContainerType.CONTAINER_40FT,
    "40ft": ContainerType.CONTAINER_40FT,
    "40dc": ContainerType.CONTAINER_40FT,
    "40hc": ContainerType.CONTAINER_40HC,
    "40 hc": ContainerType.CONTAINER_40HC,
    "45": ContainerType.CONTAINER_45FT,
    "45ft": ContainerType.CONTAINER_45FT,
    "lanh": ContainerType.REFRIGERATED,
    "reefer": ContainerType.REFRIGERATED,
    "flat rack": ContainerType.FLATBED,
    "open top": ContainerType.OPEN_TOP,
}


def _order_key(code: str) -> str:
    return fold(code).replace(" ", "")


class OrderHandler:
    spec = specs.ORDERS
    api_fields = {
        "customerId": "customer",
        "plannedStart": "date",
        "plannedEnd": "date",
        "containerNumber": "container",
        "containerType": "container_type",
        "stops[0].locationName": "pickup",
        "stops[1].locationName": "dropoff",
    }

    def _imported(self, ctx: ImportContext) -> set[str]:
        if "orders" not in ctx.cache:
            ctx.cache["orders"] = set(
                ImportedRecord.objects.filter(kind=RecordKind.ORDER).values_list("key", flat=True)
            )
        return ctx.cache["orders"]

    def import_row(self, row: Row, ctx: ImportContext) -> str:
        v = ctx.parse(
            row,
            {
                "customer": text,
                "order_code": text,
                "date": parse_date,
                "route": text,
                "pickup": text,
                "dropoff": text,
                "plate": optional(parse_plate),
                "driver": text,
                "container": lambda x: normalise_container_number(text(x)),
                "container_type": one_of(CONTAINER_TYPES, _("container type")),
                "kind": text,
            },
        )
        key = _order_key(v["order_code"])
        if not ctx.first_seen("order", key, row, "order_code"):
            return DUPLICATE
        if key in self._imported(ctx):
            return UNCHANGED
        known = customers_by_key(ctx)
        customer = known.get(v["customer"].upper().replace(" ", "")) or known.get(
            fold(v["customer"])
        )
        if customer is None:
            raise ctx.fail(row, "customer", _("No customer %(name)s."), name=v["customer"])
        container = v["container"]
        if container and not is_valid_container_number(container):
            ctx.warning(
                row,
                "container",
                Message(
                    _("%(value)s is not a valid container number; kept in the notes only."),
                    {"value": container},
                ),
            )
            container = ""
        start = timezone.make_aware(dt.datetime.combine(v["date"], dt.time.min))
        end = timezone.make_aware(dt.datetime.combine(v["date"], dt.time(23, 59, 59)))
        stops = [
            self._stop(ctx, row, 1, StopType.PICKUP, "pickup", v["pickup"], start, end),
            self._stop(ctx, row, 2, StopType.DROPOFF, "dropoff", v["dropoff"], start, end),
        ]
        data = {
            "customer_id": customer.public_id,
            "planned_start": start,
            "planned_end": end,
            "container_number": container,
            "container_type": v["container_type"],
            "special_instructions": self._notes(ctx, row),
            "stops": stops,
        }
        shipment = ctx.call(row, self, shipment_services.create_shipment, ctx.user, data)
        ctx.call(row, self, _deliver_historical, shipment, ctx.user)
        ctx.remember(RecordKind.ORDER, key, shipment)
        self._imported(ctx).add(key)
        return CREATED

    def _stop(self, ctx, row, sequence, stop_type, column, name, start, end) -> dict:
        location = place(ctx, row, self, column, name)
        return {
            "sequence": sequence,
            "stop_type": stop_type,
            "location_id": location.public_id,
            "planned_arrival": start,
            "planned_departure": end,
        }

    def _notes(self, ctx: ImportContext, row: Row) -> str:
        """What the row says beside the shipment's fields, as `Header: value` lines."""
        lines = [f"{ctx.sheet.name} — {row.values.get('order_code')}"]
        for key in ("route", "plate", "driver", "container", "kind"):
            if text(row.values.get(key)):
                lines.append(f"{ctx.sheet.headers.get(key, key)}: {text(row.values.get(key))}")
        return "\n".join(lines)


def _deliver_historical(shipment, user) -> None:
    """Record an imported past trip as DELIVERED (no status machine, no `status_changed`
    signal: nothing is dispatched and nobody is notified). Its actual start and end stay
    empty: the sheet does not say when the truck ran, so on-time and late-document figures
    do not count it."""
    shipment.operation_status = OperationStatus.DELIVERED
    shipment.version += 1
    with audit.labelled("shipment.import"):
        shipment.save()
    shipment_services.append_event(
        shipment,
        EventKind.OPERATION_STATUS,
        actor=user,
        note=gettext_now("Imported from the company workbook as a past trip."),
        from_status=OperationStatus.DRAFT,
        to_status=OperationStatus.DELIVERED,
        data={"imported": True},
    )


register(OrderHandler())
