"""Every link a demo user is shown leads to a page that user may open.

For each demo role: the links on the role's home page, the dashboard (when the role may read
it) and the header menu are followed (same-site GET links only; logout, language switch and
downloads left out) and none may answer 403, 404 or 500.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from unicon.core.management.commands.seed_demo import DEMO_PASSWORD

DEMO_USERS = [
    "admin@unicon.local",
    "ops@unicon.local",
    "dispatcher@unicon.local",
    "accounting@unicon.local",
    "driver@unicon.local",
    "owner@anphatthinh.local",
    "ops@anphatthinh.local",
]
HREF = re.compile(r'<a\b[^>]*\bhref="([^"#]*)"')
NAV = re.compile(r'<nav aria-label="[^"]*">(.*?)</nav>', re.S)
SKIP = ("/logout", "/i18n/", "/static/", "/media/", "/admin/", "/api/")
DOWNLOAD = re.compile(r"\.(xlsx|pdf|csv|zip)$|[?&]format=|/pdf/|/download|/receipt/")


@pytest.fixture
def demo(settings, tmp_path):
    """The demo company (`unicon seed-demo`), its files in a temporary folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    call_command("seed_demo")


def _login(email: str) -> Client:
    client = Client()
    response = client.post("/login/", {"username": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.content
    return client


def _links(html: str) -> set[str]:
    found = set()
    for href in HREF.findall(html):
        href = href.replace("&amp;", "&")
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if parts.path.startswith(SKIP) or DOWNLOAD.search(href):
            continue
        found.add(href)
    return found


@pytest.mark.parametrize("email", DEMO_USERS)
def test_no_link_shown_to_a_role_answers_403_404_or_500(demo, email):
    client = _login(email)
    home = client.get("/", follow=True)
    assert home.status_code == 200
    pages = [home]
    dashboard = client.get("/dashboard/")
    if dashboard.status_code == 200:
        pages.append(dashboard)
    links = set()
    for page in pages:
        html = page.content.decode()
        links |= _links(html)
        for nav in NAV.findall(html):
            links |= _links(nav)
    broken = {}
    for link in sorted(links):
        status = client.get(link).status_code
        if status in (403, 404, 500):
            broken[link] = status
    assert broken == {}, email
