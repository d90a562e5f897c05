"""What the benchmark measures: the users it logs in as and one `Row` per table line.

The users are those of `unicon generate-data`; change them here (and only here) to run the
benchmark on other data, e.g. `unicon seed-demo`'s ops@unicon.local.
"""

from dataclasses import dataclass

PASSWORD = "unicon-demo-2026"
USERS = {
    "ops": "gen-ops@unicon.local",
    "dispatcher": "gen-dispatcher@unicon.local",
    "driver": "gen-driver-0001@unicon.local",
    "accounting": "gen-accounting@unicon.local",
}

#: Users whose rows are pages (a browser session cookie instead of a bearer token).
WEB_USERS = {
    "dispatcher-web": "gen-dispatcher@unicon.local",
}

FLOOR_PATH = "/api/health/live"


@dataclass(frozen=True)
class Targets:
    """Real values found in the database (bench.database.find_targets)."""

    shipment_id: str
    container_number: str
    customer_id: str
    deep_cursor: str
    day_from: str
    day_to: str
    invoice_id: str = ""
    big_customer_id: str = ""  # the customer with the most shipments
    year_ago: str = ""


@dataclass(frozen=True)
class Row:
    """One line of the table. `kind`: `get`, `page` (a GET of an HTML page with the session
    cookie of a `WEB_USERS` login), `status` (PATCH DRAFT→PENDING over a pool of shipments)
    or `upload` (multipart POST of a 1 MB JPEG)."""

    name: str
    path: str
    user: str | None = "ops"
    kind: str = "get"

    @property
    def writes(self) -> bool:
        return self.kind in ("status", "upload")


def build_rows(t: Targets) -> list[Row]:
    shipments = "/api/shipments"
    return [
        Row("health", "/api/health", user=None),
        Row("shipment list", shipments),
        Row(
            "list by status+date",
            f"{shipments}?status=DELIVERED&dateFrom={t.day_from}&dateTo={t.day_to}",
        ),
        Row("list by customer", f"{shipments}?customer={t.customer_id}"),
        Row("deep page (90%)", f"{shipments}?cursor={t.deep_cursor}"),
        Row("search container", f"{shipments}?q={t.container_number}"),
        Row("shipment detail", f"{shipments}/{t.shipment_id}"),
        Row("dispatch board", "/api/dispatch/board", user="dispatcher"),
        Row("board API 7 days", f"/api/dispatch/board?from={t.day_to}&days=7", user="dispatcher"),
        Row("board API 100 tractors", "/api/dispatch/board?limit=100", user="dispatcher"),
        Row("board page", "/dispatcher/", user="dispatcher-web", kind="page"),
        Row(
            "board page 7 days",
            f"/dispatcher/?from={t.day_to}&days=7",
            user="dispatcher-web",
            kind="page",
        ),
        Row("crew pickers", f"/api/dispatch/crew?date={t.day_to}", user="dispatcher"),
        Row("driver tasks", "/api/driver/tasks", user="driver"),
        Row("status change", f"{shipments}/{{id}}/status", kind="status"),
        Row("photo upload 1MB", f"{shipments}/{t.shipment_id}/pods", kind="upload"),
        Row("unbilled list", "/api/billing/unbilled", user="accounting"),
        Row(
            "invoices by customer",
            f"/api/billing/invoices?customer={t.big_customer_id}",
            user="accounting",
        ),
        Row("invoice detail", f"/api/billing/invoices/{t.invoice_id}", user="accounting"),
        Row("aging report", "/api/billing/aging", user="accounting"),
        Row(
            "statement of account (year)",
            f"/api/billing/customers/{t.big_customer_id}/account?start={t.year_ago}&end={t.day_to}",
            user="accounting",
        ),
        Row("KPI dashboard (30 days)", "/api/kpi"),
        Row(
            "export CSV (customer, 30 days)",
            f"{shipments}?format=csv&customer={t.customer_id}&dateFrom={t.day_from}"
            f"&dateTo={t.day_to}",
        ),
    ]
