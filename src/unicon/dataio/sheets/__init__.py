"""The sheets of the company workbook and the handlers that import them.

Importing this package registers the handlers of this app (customers, locations, drivers,
vehicles, historical orders, fuel and repair logs, freight rates → tariffs). The distance
sheet is known (`specs.SPECS`, the template writes it) but has no table to go to: its rows
are reported "not imported yet" until an app registers a handler for it with
`unicon.dataio.engine.register`.
"""

from unicon.dataio.sheets import costs, fleet, master, orders, rates, specs

SPECS = specs.SPECS

__all__ = ["SPECS", "costs", "fleet", "master", "orders", "rates"]
