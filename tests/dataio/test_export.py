"""`?format=xlsx|csv` on list APIs: the same rows as the list, its filters and permissions."""

import csv
import datetime as dt
import io
import tracemalloc

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from unicon.core.roles import Role
from unicon.shipments.models import OperationStatus, Shipment


@pytest.fixture
def shipments(make_customer):
    """Shipments of two customers an hour apart, every other one DELIVERED."""
    made = [0]

    def make(count: int, customers=None):
        customers = customers or [make_customer(), make_customer()]
        start = timezone.make_aware(dt.datetime(2026, 3, 1, 8, 0))
        rows = [
            Shipment(
                number=f"SHP-2026-{i:05d}",
                customer=customers[i % len(customers)],
                planned_start=start + dt.timedelta(hours=i),
                planned_end=start + dt.timedelta(hours=i + 3),
                operation_status=OperationStatus.DELIVERED if i % 2 else OperationStatus.PENDING,
                container_number="MSKU1234565" if i == 1 else "",
            )
            for i in range(made[0], made[0] + count)
        ]
        made[0] += count
        Shipment.objects.bulk_create(rows, batch_size=1000)
        return customers

    return make


def api_items(client, path, params) -> list[dict]:
    items, cursor = [], None
    while True:
        page = client.get(path, {**params, **({"cursor": cursor} if cursor else {})}).json()
        items += page["items"]
        cursor = page["nextCursor"]
        if not cursor:
            return items


def xlsx_rows(response, formats: list | None = None) -> list[tuple]:
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    if formats is not None:
        formats.extend(cell.number_format for cell in book.active[2])
    return list(book.active.iter_rows(values_only=True))


def test_xlsx_export_equals_the_filtered_list(login_as, shipments):
    shipments(450)
    client = login_as(Role.OPS)
    params = {"status": "DELIVERED", "dateFrom": "2026-03-02"}
    response = client.get("/api/shipments", {**params, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="shipments-' in response["Content-Disposition"]
    formats: list = []
    rows = xlsx_rows(response, formats)
    expected = api_items(client, "/api/shipments", params)
    assert len(expected) > 200  # more than one page
    assert [r[0] for r in rows[1:]] == [s["number"] for s in expected]
    assert rows[0][:3] == ("Số lô hàng", "Mã khách hàng", "Khách hàng")  # Vietnamese first
    first = expected[0]
    local = timezone.localtime(dt.datetime.fromisoformat(first["plannedStart"]))
    assert rows[1][8] == local.replace(tzinfo=None)
    assert formats[8] == "dd/mm/yyyy hh:mm"
    last = timezone.localtime(dt.datetime.fromisoformat(expected[-1]["plannedStart"]))
    assert rows[-1][8] == last.replace(tzinfo=None) != rows[1][8]
    assert rows[1][1] == first["customer"]["code"]


def test_csv_export_and_customer_isolation(make_user, api_login, shipments):
    own, other = shipments(30)
    customer_user = make_user(Role.CUSTOMER_OWNER, customer=own)
    client = api_login(customer_user)
    response = client.get("/api/shipments", {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert len(lines) == 1 + 15
    assert {line[1] for line in lines[1:]} == {own.code}
    assert all(line[8].count("/") == 2 for line in lines[1:])  # dd/mm/yyyy HH:MM
    refused = client.get("/api/shipments", {"format": "csv", "customer": str(other.public_id)})
    assert b"".join(refused.streaming_content).decode("utf-8-sig").count("\n") == 1


def test_bad_filter_and_format_are_400(login_as):
    client = login_as(Role.OPS)
    bad = client.get("/api/shipments", {"format": "xlsx", "status": "LOST"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "VALIDATION_ERROR"
    pdf = client.get("/api/shipments", {"format": "pdf"})
    assert pdf.status_code == 400 and pdf.json()["error"]["details"]["format"]


def test_export_needs_the_list_permission(login_as, anon):
    assert anon.get("/api/vehicles", {"format": "xlsx"}).status_code == 401
    assert login_as(Role.DRIVER).get("/api/customers", {"format": "csv"}).status_code == 403


@pytest.mark.parametrize(
    "path",
    ["/api/customers", "/api/locations", "/api/vehicles", "/api/drivers", "/api/users"],
)
def test_master_lists_export_every_column(path, admin, api_login, clean_file):
    from django.core.management import call_command

    call_command("import_workbook", str(clean_file), "--commit", stdout=io.StringIO())
    client = api_login(admin)
    items = api_items(client, path, {})
    rows = xlsx_rows(client.get(path, {"format": "xlsx"}))
    assert len(rows) == 1 + len(items)
    from unicon.dataio.exports import export_for

    for column in export_for(path.removeprefix("/api/")).columns:
        head = column.key.split(".")[0]
        assert any(head in item for item in items), column.key  # the API still has the key


def test_page_download_link(make_user):
    browser = Client()
    browser.force_login(make_user(Role.OPS))
    html = browser.get("/resources/vehicles/", {"q": "51C"}).content.decode()
    assert "/api/vehicles?q=51C&amp;format=xlsx" in html


def _peak_kib(client, shipments, extra: int) -> float:
    shipments(extra)
    tracemalloc.start()
    response = client.get("/api/shipments", {"format": "csv"})
    size = sum(len(chunk) for chunk in response.streaming_content)
    peak = tracemalloc.get_traced_memory()[1] / 1024
    tracemalloc.stop()
    assert size > 0
    return peak


def test_export_memory_does_not_grow_with_the_list(login_as, shipments):
    client = login_as(Role.OPS)
    small = _peak_kib(client, shipments, 600)
    large = _peak_kib(client, shipments, 2400)  # 5x the rows
    assert large < small * 1.6, (small, large)
