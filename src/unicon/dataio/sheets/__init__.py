"""The sheets of the company workbook and the handlers that import them.

Importing this package registers the handlers of this app (customers, locations, drivers,
vehicles, historical orders, fuel and repair logs). Distance and freight-rate sheets are
known (`specs.SPECS`, the template writes them) but imported only once an app registers a
handler for them with `unicon.dataio.engine.register`.
"""

from unicon.dataio.sheets import costs, fleet, master, orders, specs

SPECS = specs.SPECS

__all__ = ["SPECS", "costs", "fleet", "master", "orders"]
