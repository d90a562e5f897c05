"""The live row count of a running workbook import.

An import runs in ONE database transaction (all or nothing), so what it has done so far
cannot be written to its `ImportRun` row: nobody else would see it before the end. The count
goes to the `progress` cache instead (Redis when configured, else files under `var/` shared
by the web processes and the worker of the machine), at most once a second; the run's row
keeps the total (written before the transaction starts) and the final count.
"""

from __future__ import annotations

import time

from django.core.cache import caches

EVERY_SECONDS = 1.0
KEEP_SECONDS = 24 * 3600


def _key(public_id) -> str:
    return f"dataio:import:{public_id}:done"


class RowCounter:
    """Counts processed rows of one run and publishes the count now and then."""

    def __init__(self, public_id) -> None:
        self.key = _key(public_id)
        self.done = 0
        self._published = 0.0
        caches["progress"].set(self.key, 0, KEEP_SECONDS)

    def __call__(self, rows: int) -> None:
        self.done += rows
        now = time.monotonic()
        if now - self._published >= EVERY_SECONDS:
            self._published = now
            caches["progress"].set(self.key, self.done, KEEP_SECONDS)

    def finish(self) -> None:
        caches["progress"].delete(self.key)


def rows_done(public_id) -> int | None:
    """The last published count of a running import (None when unknown)."""
    return caches["progress"].get(_key(public_id))
