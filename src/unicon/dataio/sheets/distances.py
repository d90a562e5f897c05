"""Handler of the distance sheet (`Khoảng cách`): each row is the road distance between two
places, kept as a `customers.RouteDistance` through `customers.services.create_distance` /
`update_distance`, so every rule of a distance applies (two different places, 0.1-5,000 km).

Each place is found as the freight-rate sheet finds its route ends (`master.find_place`:
the shared location of that name, else the only one whose name contains it as whole words).
A name matching several locations is not imported (a warning names it, never a guess); a
name matching none is created as a location flagged for review, as the trips sheet does —
the distance is what makes such a place useful. The natural key is the pair of places, in
either direction (`A → B` and `B → A` are the same record): a re-run finds it again and only
a changed km updates it. Km may be written `12,5 km`, `12.5`, `15km` or as a number.
"""

from __future__ import annotations

from unicon.customers import services as customer_services
from unicon.customers.models import Location
from unicon.dataio import engine
from unicon.dataio.engine import ImportContext
from unicon.dataio.sheets import specs
from unicon.dataio.sheets.master import AMBIGUOUS_PLACE, find_place, place
from unicon.dataio.values import Message, parse_km, text
from unicon.dataio.workbook import Row


class DistanceHandler:
    spec = specs.DISTANCES
    api_fields = {"originId": "origin", "destinationId": "destination", "km": "km"}

    def _end(self, ctx: ImportContext, row: Row, column_key: str, name: str) -> Location | None:
        """The location `name` names; None (and a warning) when several could be meant."""
        found = find_place(ctx, name)
        if isinstance(found, Location):
            return found
        if found:
            ctx.warning(row, column_key, Message(AMBIGUOUS_PLACE, {"place": name}))
            return None
        return place(ctx, row, self, column_key, name)

    def import_row(self, row: Row, ctx: ImportContext) -> str:
        v = ctx.parse(row, {"origin": text, "destination": text, "km": parse_km})
        origin = self._end(ctx, row, "origin", v["origin"])
        destination = origin and self._end(ctx, row, "destination", v["destination"])
        if origin is None or destination is None:
            return engine.NOT_IMPORTED
        low, high = sorted((origin.pk, destination.pk))
        if not ctx.first_seen("distance", f"{low}-{high}", row, "origin"):
            return engine.DUPLICATE
        existing = customer_services.find_distance(origin, destination)
        if existing is not None and existing.km == v["km"]:
            return engine.UNCHANGED
        data = {
            "origin_id": origin.public_id,
            "destination_id": destination.public_id,
            "km": v["km"],
            "note": f"Nhập từ sổ Excel «{ctx.sheet.name if ctx.sheet else ''}», dòng {row.number}",
        }
        if existing is None:
            ctx.call(row, self, customer_services.create_distance, ctx.user, data)
            return engine.CREATED
        update = {"km": v["km"]}
        ctx.call(row, self, customer_services.update_distance, ctx.user, existing.public_id, update)
        return engine.UPDATED


engine.register(DistanceHandler())
