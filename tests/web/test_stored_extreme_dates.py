"""Days and moments stored outside `core.dates`' range (written before the input was bounded,
or by an admin through the database: 01/01/0001, 31/12/9999 23:59:59 UTC) never break a page
or an API response that shows them: a moment that cannot be converted to Asia/Ho_Chi_Minh
is shown in UTC, marked so.

The demo company is loaded, then every non-empty business date of a few rows of each kind
(shipments of every status with their stops, tasks, events and files; vehicles, drivers,
tariffs, statements, invoices, receivables, payments, fuel fills, repairs, purchase invoices)
is overwritten through the ORM; each demo user's pages (the menu, every link they show, the
extreme rows' own pages) and the API's reads then answer without a server error."""

import re
from urllib.parse import urlsplit

from django.test import Client

from tests.conftest import ApiClient
from unicon.core.management.commands.seed_demo import DEMO_PASSWORD
from unicon.dispatch.models import DriverTask

HREF = re.compile(r'<a\b[^>]*\bhref="([^"#]*)"')
SKIP = ("/logout", "/i18n/", "/static/", "/media/", "/admin/", "/api/", "/driver/sw.js")


def _links(html: str) -> set[str]:
    found = set()
    for href in HREF.findall(html):
        href = href.replace("&amp;", "&")
        parts = urlsplit(href)
        local = not parts.scheme and not parts.netloc and parts.path.startswith("/")
        if local and not parts.path.startswith(SKIP):
            found.add(href)
    return found


def _pages_of(rows: dict) -> list[str]:
    """The extreme rows' own pages (detail, edit, print, PDF, account)."""
    pages = []
    for s in rows["shipments"]:
        pages += [f"/ops/shipments/{s.public_id}/", f"/ops/shipments/{s.public_id}/edit/"]
        pages += [f"/shipments/{s.public_id}/delivery-note/"]
        pages += [f"/accounting/shipments/{s.public_id}/"]
    for task in DriverTask.objects.filter(shipment__in=rows["shipments"]):
        pages.append(f"/driver/tasks/{task.public_id}/sheet/")
    pages += [f"/resources/vehicles/{v.public_id}/edit/" for v in rows["Vehicle"]]
    pages += [f"/resources/drivers/{d.public_id}/edit/" for d in rows["Driver"]]
    pages += [f"/accounting/tariffs/{t.public_id}/" for t in rows["Tariff"]]
    pages += [f"/billing/statements/{s.public_id}/" for s in rows["Statement"]]
    for invoice in rows["Invoice"]:
        pages += [
            f"/billing/invoices/{invoice.public_id}/",
            f"/billing/invoices/{invoice.public_id}/pdf/",
        ]
    for receivable in rows["Receivable"]:
        account = f"/accounting/customers/{receivable.customer.public_id}/account/"
        pages += [account, account + "?format=xlsx", account + "?format=pdf"]
    pages += [f"/costs/fuel/{f.public_id}/edit/" for f in rows["FuelLog"]]
    pages += [f"/costs/invoices/{i.public_id}/" for i in rows["PurchaseInvoice"]]
    return pages


USERS = [
    "admin@unicon.local",
    "dispatcher@unicon.local",
    "accounting@unicon.local",
    "driver@unicon.local",
    "owner@anphatthinh.local",
]


def _login(email: str) -> Client:
    client = Client()
    response = client.post("/login/", {"username": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.content
    return client


def _failures(client: Client, links) -> dict:
    failed = {}
    for link in sorted(links):
        status = client.get(link).status_code
        if status >= 500:
            failed[link] = status
    return failed


def test_every_page_a_user_opens_shows_them(extreme):
    """For each demo user: the menu and every link on the pages it leads to; for the admin
    also the extreme rows' own pages. None answers a server error; a moment out of the
    business time zone is written in UTC, marked so."""
    failed = {}
    for email in USERS:
        client = _login(email)
        home = client.get("/", follow=True)
        assert home.status_code == 200, email
        pages = [home.content.decode()]
        menu = _links(pages[0])
        for link in sorted(menu):
            response = client.get(link)
            if response.status_code >= 500:
                failed[(email, link)] = response.status_code
            elif response.status_code == 200 and "html" in response.get("Content-Type", ""):
                pages.append(response.content.decode())
        links = set().union(*(_links(page) for page in pages)) - menu
        failed |= {(email, link): s for link, s in _failures(client, links).items()}
    admin = _login("admin@unicon.local")
    failed |= _failures(admin, _pages_of(extreme))
    assert failed == {}

    shipment = extreme["shipments"][0]
    shipment.refresh_from_db()
    html = admin.get(f"/ops/shipments/{shipment.public_id}/").content.decode()
    if shipment.planned_end.year == 9999:
        assert "31/12/9999 23:59 UTC" in html  # no business-time equivalent
    else:
        assert "01/01/0001 07:06" in html  # Ho Chi Minh's local mean time of that era


def _api(email: str) -> ApiClient:
    response = ApiClient().post("/api/auth/login", {"email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.content
    return ApiClient(response.json()["token"])


def _api_reads(rows: dict) -> list[str]:
    """Every list and report the API reads, and the extreme rows' own reads."""
    reads = [
        "/api/shipments",
        "/api/shipments?status=PENDING,DISPATCHED,IN_TRANSIT,DELIVERED,CANCELLED,DRAFT",
        "/api/dispatch/board",
        "/api/dispatch/waiting",
        "/api/dispatch/availability",
        "/api/dispatch/crew",
        "/api/dispatch/tasks",
        "/api/vehicles",
        "/api/drivers",
        "/api/fuel-logs",
        "/api/repair-logs",
        "/api/repair-logs/due",
        "/api/purchase-invoices",
        "/api/costs/margins?dateFrom=2026-01-01&dateTo=2026-12-31",
        "/api/billing/tariffs",
        "/api/billing/unbilled",
        "/api/billing/charges",
        "/api/billing/statements",
        "/api/billing/invoices",
        "/api/billing/receivables",
        "/api/billing/payments",
        "/api/billing/aging",
        "/api/audit",
        "/api/kpi",
        "/api/notifications",
    ]
    for s in rows["shipments"]:
        base = f"/api/shipments/{s.public_id}"
        reads += [base, f"{base}/events", f"{base}/pods", f"{base}/documents"]
    reads += [f"/api/vehicles/{v.public_id}" for v in rows["Vehicle"]]
    reads += [f"/api/drivers/{d.public_id}" for d in rows["Driver"]]
    reads += [f"/api/fuel-logs/{f.public_id}" for f in rows["FuelLog"]]
    reads += [f"/api/repair-logs/{r.public_id}" for r in rows["RepairLog"]]
    reads += [f"/api/purchase-invoices/{i.public_id}" for i in rows["PurchaseInvoice"]]
    reads += [f"/api/billing/statements/{s.public_id}" for s in rows["Statement"]]
    reads += [f"/api/billing/invoices/{i.public_id}" for i in rows["Invoice"]]
    for receivable in rows["Receivable"]:
        reads.append(f"/api/billing/customers/{receivable.customer.public_id}/account")
    return reads


def test_every_api_read_shows_them(extreme):
    client = _api("admin@unicon.local")
    failed = {}
    for path in _api_reads(extreme):
        response = client.get(path)
        if response.status_code != 200:
            failed[path] = (response.status_code, response.content[:200])
    assert failed == {}
