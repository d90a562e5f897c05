"""Tariffs, the charge catalogue and charges through the HTTP API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.billing.conftest import PNG, charges_of
from unicon.core.models import AuditEntry


def test_delivered_shipment_is_priced_from_its_customers_tariff(accounting, tariff, delivered):
    shipment = delivered()
    [charge] = charges_of(accounting, shipment)
    assert charge["kind"] == "FREIGHT"
    assert (charge["quantity"], charge["unitPrice"], charge["amount"]) == (1, 2_500_000, 2_500_000)
    assert charge["vatRate"] == "8"


def test_customer_tariff_beats_the_company_default(accounting, tariff, delivered):
    response = accounting.post(
        "/api/billing/tariffs",
        {"shipmentType": "IMPORT", "price": 1_000_000, "vatRate": "10", "validFrom": "2026-01-01"},
    )
    assert response.status_code == 201
    assert charges_of(accounting, delivered())[0]["unitPrice"] == 2_500_000


def test_expired_tariff_does_not_apply_and_no_tariff_is_flagged(accounting, delivered):
    accounting.post(
        "/api/billing/tariffs",
        {"price": 900_000, "validFrom": "2025-01-01", "validTo": "2025-12-31"},
    )
    shipment = delivered()
    assert charges_of(accounting, shipment) == []
    unbilled = accounting.get("/api/billing/unbilled").json()["items"]
    assert [(s["number"], s["hasFreight"]) for s in unbilled] == [(shipment.number, False)]
    response = accounting.post(f"/api/billing/shipments/{shipment.public_id}/price")
    assert response.status_code == 409
    assert response.json()["error"]["details"] == {"tariff": ["none"]}


def test_tariff_change_never_alters_an_existing_charge(accounting, tariff, delivered):
    shipment = delivered()
    body = {**tariff, "price": 3_000_000}
    body.pop("id")
    response = accounting.put(f"/api/billing/tariffs/{tariff['id']}", body)
    assert response.status_code == 200, response.content
    assert response.json()["price"] == 3_000_000
    assert charges_of(accounting, shipment)[0]["unitPrice"] == 2_500_000
    assert AuditEntry.objects.filter(action="tariff.save").count() == 2


@pytest.mark.parametrize("role_client", ["ops", "owner"])
def test_only_accounting_manages_tariffs(request, role_client):
    client = request.getfixturevalue(role_client)
    response = client.post("/api/billing/tariffs", {"price": 1, "validFrom": "2026-01-01"})
    assert response.status_code == 403
    assert client.get("/api/billing/tariffs").status_code == 403


def test_bad_tariff_input_is_refused_with_field_details(accounting):
    negative = accounting.post("/api/billing/tariffs", {"price": -5, "validFrom": "2026-01-01"})
    assert negative.status_code == 400
    assert "price" in negative.json()["error"]["details"]
    backwards = accounting.post(
        "/api/billing/tariffs",
        {"price": 5, "validFrom": "2026-02-01", "validTo": "2026-01-01"},
    )
    assert backwards.status_code == 400
    assert "validTo" in backwards.json()["error"]["details"]
    fractional = accounting.post("/api/billing/tariffs", {"price": 5.5, "validFrom": "2026-01-01"})
    assert fractional.status_code == 422
    assert accounting.get("/api/billing/tariffs").json()["items"] == []


def test_ops_adds_an_extra_but_not_the_freight(ops, accounting, delivered):
    shipment = delivered()
    extra = {"shipmentId": str(shipment.public_id), "kind": "EXTRA", "description": "Nâng hạ"}
    created = ops.post("/api/billing/charges", {**extra, "quantity": 2, "unitPrice": 350_000})
    assert created.status_code == 201, created.content
    assert created.json()["amount"] == 700_000
    freight = ops.post("/api/billing/charges", {**extra, "kind": "FREIGHT", "unitPrice": 1})
    assert freight.status_code == 403
    edit = ops.put(f"/api/billing/charges/{created.json()['id']}", {"quantity": 3})
    assert edit.status_code == 403


@pytest.mark.parametrize(
    ("change", "field"),
    [({"quantity": 0}, "quantity"), ({"unitPrice": -1}, "unitPrice"), ({"kind": "X"}, "kind")],
)
def test_bad_charge_input_is_a_400_with_the_field(accounting, delivered, change, field):
    shipment = delivered()
    body = {"shipmentId": str(shipment.public_id), "description": "x", "unitPrice": 10, **change}
    response = accounting.post("/api/billing/charges", body)
    assert response.status_code == 400
    assert field in response.json()["error"]["details"]
    assert charges_of(accounting, shipment) == []


def test_disbursement_is_not_subject_to_vat_and_takes_a_receipt(accounting, delivered):
    shipment = delivered()
    response = accounting.post(
        "/api/billing/charges",
        {
            "shipmentId": str(shipment.public_id),
            "kind": "DISBURSEMENT",
            "description": "Phí hạ tầng cảng",
            "unitPrice": 250_000,
            "vatRate": "10",
        },
    )
    assert response.status_code == 201
    charge = response.json()
    assert charge["vatRate"] == "NS"
    assert charge["hasReceipt"] is False
    bad = accounting.client.post(
        f"/api/billing/charges/{charge['id']}/receipt",
        {"file": SimpleUploadedFile("r.txt", b"hello")},
        headers={"Authorization": f"Bearer {accounting.token}"},
    )
    assert bad.status_code == 400
    good = accounting.client.post(
        f"/api/billing/charges/{charge['id']}/receipt",
        {"file": SimpleUploadedFile("bien-lai.png", PNG)},
        headers={"Authorization": f"Bearer {accounting.token}"},
    )
    assert good.status_code == 200, good.content
    assert good.json()["hasReceipt"] is True


def test_customers_see_only_their_own_charges(owner, other_owner, tariff, delivered):
    shipment = delivered()
    assert len(charges_of(owner, shipment)) == 1
    assert charges_of(other_owner, shipment) == []


def test_unknown_filter_values_are_400(accounting):
    assert accounting.get("/api/billing/charges", {"kind": "NOPE"}).status_code == 400
    assert accounting.get("/api/billing/invoices", {"dateFrom": "31/31/2026"}).status_code == 400
    response = accounting.get("/api/billing/statements", {"customer": "not-a-uuid"})
    assert response.status_code == 400
    assert "customer" in response.json()["error"]["details"]
