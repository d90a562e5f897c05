"""Loaded by pytest (`-p unicon.runbook.pytest_plugin` in pyproject.toml) before the settings.

The whole test suite logs in hundreds of times a minute from one address (the test client's
127.0.0.1), so rate limits are off by default under pytest; tests of the limits turn them on
with `override_settings(RATE_LIMIT_ENABLED=True, RATE_LIMIT_…="…")` and clear the cache
(tests/runbook/test_limits.py). Setting RATE_LIMIT_ENABLED in the environment wins.
"""

import os

os.environ.setdefault("RATE_LIMIT_ENABLED", "false")
