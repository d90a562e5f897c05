"""The audit trail as an ADMIN list with its export, and the billing lists' exports."""

import csv
import datetime as dt
import io
from unittest import mock

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.dataio.test_export import api_items
from unicon.billing.models import Invoice, InvoiceStatus
from unicon.core import audit
from unicon.core.roles import Role
from unicon.fleet.models import LegalEntity


def content(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def trail(make_user, make_customer):
    admin = make_user(Role.ADMIN)
    ops = make_user(Role.OPS)
    customer = make_customer(name="Thép Miền Nam")
    audit.log("customer.update", customer, changes={"name": ["Thep", "Thép Miền Nam"]}, actor=ops)
    audit.log("customer.update", customer, changes={"phone": ["", "0901234567"]}, actor=admin)
    long_ago = timezone.now() - dt.timedelta(days=40)
    with mock.patch("django.utils.timezone.now", return_value=long_ago):
        audit.log("auth.login", ops, actor=ops)  # the table is append-only: made in the past
    return {"admin": admin, "ops": ops, "customer": customer}


def test_audit_list_and_filters(trail, api_login):
    client = api_login(trail["admin"])
    ops_id = str(trail["ops"].public_id)
    mine = client.get("/api/audit", {"user": ops_id}).json()["items"]
    assert [e["action"] for e in mine] == ["auth.login", "customer.update"]  # latest first
    assert mine[1]["actor"]["email"] == trail["ops"].email
    assert mine[1]["changes"] == {"name": ["Thep", "Thép Miền Nam"]}
    recent = client.get("/api/audit", {"user": ops_id, "dateFrom": str(timezone.localdate())})
    assert [e["action"] for e in recent.json()["items"]] == ["customer.update"]
    objects = client.get(
        "/api/audit",
        {"objectType": "customers.customer", "objectId": str(trail["customer"].pk)},
    ).json()["items"]
    assert [e["action"] for e in objects] == ["customer.update"] * 2 + ["customer.create"]
    bad = client.get("/api/audit", {"dateFrom": "yesterday"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "VALIDATION_ERROR"


@pytest.mark.parametrize("role", [Role.OPS, Role.ACCOUNTING, Role.CUSTOMER_OWNER])
def test_audit_is_admin_only(role, login_as):
    client = login_as(role)
    assert client.get("/api/audit").status_code == 403
    assert client.get("/api/audit", {"format": "csv"}).status_code == 403
    assert client.post("/api/exports", {"url": "/api/audit"}).status_code == 403


def test_audit_export_equals_the_list(trail, api_login):
    client = api_login(trail["admin"])
    params = {"objectType": "customers.customer"}
    items = api_items(client, "/api/audit", params)
    response = client.get("/api/audit", {**params, "format": "csv"})
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"))))
    assert lines[0][:3] == ["Thời gian", "Người thực hiện", "Hành động"]
    assert [line[1] for line in lines[1:]] == [e["actorLabel"] for e in items]
    assert '"name": ["Thep", "Thép Miền Nam"]' in lines[2][6]


def test_billing_lists_export(make_user, api_login, make_customer):
    seller = LegalEntity.objects.create(code="UNICON", name="Unicon")
    own, other = make_customer(), make_customer()
    for customer, total in ((own, 11_000_000), (other, 5_500_000), (own, 2_200_000)):
        Invoice.objects.create(
            legal_entity=seller,
            customer=customer,
            status=InvoiceStatus.ISSUED,
            issue_date=dt.date(2026, 3, 12),
            buyer_name=customer.name,
            subtotal=total,
            total=total,
        )
    accountant = api_login(make_user(Role.ACCOUNTING))
    items = api_items(accountant, "/api/billing/invoices", {})
    book = load_workbook(io.BytesIO(content(accountant.get("/api/billing/invoices?format=xlsx"))))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Số hóa đơn", "Trạng thái", "Người bán")
    assert [r[11] for r in rows[1:]] == [i["total"] for i in items]  # money as numbers
    assert rows[1][1] == "Đã phát hành" and rows[1][6] == dt.datetime(2026, 3, 12)
    owner = api_login(make_user(Role.CUSTOMER_OWNER, customer=own))
    text = content(owner.get("/api/billing/invoices", {"format": "csv"})).decode("utf-8-sig")
    totals = sorted(int(line[11]) for line in list(csv.reader(io.StringIO(text)))[1:])
    assert totals == [2_200_000, 11_000_000]  # only the owner's company
    for path in (
        "/api/billing/tariffs",
        "/api/billing/unbilled",
        "/api/billing/charges",
        "/api/billing/statements",
        "/api/billing/receivables",
        "/api/billing/payments",
    ):
        response = accountant.get(path, {"format": "xlsx"})
        assert response.status_code == 200, path
        assert response["Content-Type"].startswith("application/vnd.openxmlformats"), path
