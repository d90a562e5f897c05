"""The sheets of the company workbook and the handlers that import them.

Importing this package registers the handlers of this app (customers, locations, drivers,
vehicles, historical orders, fuel and repair logs, distances → route distances, freight
rates → tariffs). A sheet without a registered handler (`unicon.dataio.engine.register`)
would have its rows reported "not imported yet", never dropped.
"""

from unicon.dataio.sheets import costs, distances, fleet, master, orders, rates, specs

SPECS = specs.SPECS

__all__ = ["SPECS", "costs", "distances", "fleet", "master", "orders", "rates"]
