"""Real Chromium against pytest-django's live server (Playwright, sync API).

Skipped when /usr/bin/chromium is missing; `playwright install` is never needed."""

import os
from pathlib import Path

import pytest

from tests.dispatch.conftest import (  # noqa: F401  (fixtures re-used)
    entity,
    make_driver,
    make_vehicle,
)

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls
    # (setup and assertions) are still plain synchronous code.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def stop_templates(transactional_db):
    """The EXPORT/IMPORT templates the migration seeds (gone after an earlier flush)."""
    from importlib import import_module

    from django.apps import apps

    import_module("unicon.shipments.migrations.0002_seed_stop_templates").seed(apps, None)


@pytest.fixture
def shot():
    """`shot(page, "name")` saves test-artifacts/<name>.png (full page)."""
    ARTIFACTS.mkdir(exist_ok=True)

    def save(page, name: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return save


@pytest.fixture
def login(live_server, browser):
    """`login(user, **context_options)` → a page of a fresh browser context, logged in."""
    contexts = []

    def open_as(user, **options):
        from tests.conftest import PASSWORD

        options.setdefault("locale", "vi-VN")  # a Vietnamese phone or desk
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/login/")
        page.fill("input[name=username]", user.email)
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.press("input[name=password]", "Enter")
        return page

    yield open_as
    for context in contexts:
        context.close()
