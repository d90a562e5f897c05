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
from django.urls import Resolver404, resolve, reverse

from unicon.core.context_processors import NAVIGATION
from unicon.core.management.commands.seed_demo import DEMO_PASSWORD
from unicon.core.permissions import may_open

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
def demo(files_in_tmp):
    """The demo company (`unicon seed-demo`), its files in a temporary folder."""
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


def _route(link: str) -> tuple:
    """One visit per page kind: the URL name and the query's parameter names."""
    parts = urlsplit(link)
    try:
        name = resolve(parts.path).url_name
    except Resolver404:
        return (link,)
    keys = tuple(sorted(k.split("=")[0] for k in parts.query.split("&") if k))
    return (name, keys)


@pytest.mark.parametrize("email", DEMO_USERS)
def test_no_link_shown_to_a_role_answers_403_404_or_500(demo, email):
    """The links of the home page, the dashboard, the menu and the pages the menu leads to."""
    client = _login(email)
    home = client.get("/", follow=True)
    assert home.status_code == 200
    html = home.content.decode()
    menu = set()
    for nav in NAV.findall(html):
        menu |= _links(nav)
    assert menu, email
    pages = [html]
    for link in sorted(menu | {"/dashboard/"}):
        response = client.get(link)
        if link in menu:
            assert response.status_code == 200, (email, link)
        if response.status_code == 200:
            pages.append(response.content.decode())
    links = set().union(*(_links(page) for page in pages))
    seen, broken = set(), {}
    for link in sorted(links):
        route = _route(link)
        if route in seen:
            continue
        seen.add(route)
        status = client.get(link).status_code
        if status in (403, 404, 500):
            broken[link] = status
    assert broken == {}, email


ROW = re.compile(r'<tr><td><a href="/ops/shipments/[0-9a-f-]{36}/">')
NEXT = re.compile(r'<a class="button" href="(\?[^"]*cursor=[^"]*)">')


def _rows(client: Client, link: str) -> int:
    """How many shipments the list page at `link` shows, over all its pages."""
    total = 0
    path = urlsplit(link).path
    while link:
        response = client.get(link.replace("&amp;", "&"))
        assert response.status_code == 200, link
        html = response.content.decode()
        total += len(ROW.findall(html))
        following = NEXT.search(html)
        link = path + following.group(1) if following else None
    return total


FIGURES = [
    re.compile(r'<a href="([^"]+)" id="kpi-total">(\d+)</a>'),
    re.compile(r'<a class="count-card" href="([^"]+)"><strong>(\d+)</strong>'),
    re.compile(r'<li><a href="([^"]+)">[^<]*</a>: (\d+)</li>'),
]


@pytest.mark.parametrize("email", ["ops@unicon.local", "admin@unicon.local"])
def test_a_dashboard_figure_links_to_a_list_of_exactly_its_rows(demo, email):
    client = _login(email)
    html = client.get("/dashboard/").content.decode()
    figures = [found for pattern in FIGURES for found in pattern.findall(html)]
    # the total, each status and document status, the top customers
    assert len(figures) >= 1 + 6 + 3 + 3
    assert any(int(n) for _link, n in figures)
    for link, count in figures:
        assert "dateFrom=" in link and "date_from" not in link
        assert _rows(client, link) == int(count), link
    shorter = client.get("/dashboard/", {"date_from": "2026-11-25", "date_to": "2026-11-26"})
    link, count = FIGURES[0].search(shorter.content.decode()).groups()
    assert "dateFrom=2026-11-25&amp;dateTo=2026-11-26" in link
    assert _rows(client, link) == int(count)


def test_accounting_sees_the_dashboard_figures_without_links_it_may_not_open(demo):
    client = _login("accounting@unicon.local")
    html = client.get("/dashboard/").content.decode()
    assert 'id="kpi-total">' in html
    assert "/ops/shipments/" not in html
    assert client.get("/ops/shipments/").status_code == 403


def test_the_menu_and_buttons_follow_the_rule_of_the_page_they_open(demo):
    admin = _login("admin@unicon.local")
    admin_page = admin.get("/ops/shipments/").content.decode()
    assert 'href="/customer/account/"' not in admin_page
    # an ADMIN has no trips or shipments of their own: no "My trips" / "My shipments" menu
    menu = "".join(NAV.findall(admin_page))
    assert 'href="/driver/"' not in menu and 'href="/customer/"' not in menu
    assert admin.get("/driver/").status_code == 200  # still open to help a driver
    driver_menu = "".join(
        NAV.findall(_login("driver@unicon.local").get("/driver/").content.decode())
    )
    assert 'href="/driver/"' in driver_menu
    owner = _login("owner@anphatthinh.local")
    assert 'href="/customer/account/"' in owner.get("/customer/").content.decode()
    ops = _login("ops@unicon.local")
    assert 'href="/costs/fuel/new/"' not in ops.get("/costs/fuel/").content.decode()
    assert "/accounting/receivables/" not in ops.get("/dashboard/").content.decode()
    accounting = _login("accounting@unicon.local")
    assert 'href="/costs/fuel/new/"' in accounting.get("/costs/fuel/").content.decode()
    assert "/accounting/receivables/" in accounting.get("/dashboard/").content.decode()


def test_every_menu_page_records_who_may_open_it():
    """The menu asks each page's own rule; a page without one would show to everybody."""
    for name, _label in NAVIGATION:
        assert hasattr(resolve(reverse(name)).func, "may_open"), name
    assert may_open(None, "ops-home") is False
