"""The status change answers from the row it locked: ≤ 5 queries with the token lookup (the
notifications fan-out runs after the commit, in the queue), with the very body a fresh
`GET /api/shipments/{id}` gives, and the exact audit diff."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from unicon.core.models import AuditEntry
from unicon.shipments.models import Stop


def _patch(client, shipment_id, data) -> tuple[object, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.patch(f"/api/shipments/{shipment_id}/status", data)
    assert response.status_code == 200, response.content
    # every query of the request; the notifications fan-out (issue 15) runs after the commit
    return response, [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]


@pytest.mark.parametrize(
    ("move", "extra"),
    [
        ({"operationStatus": "PENDING"}, 0),
        ({"documentStatus": "DOC_RECEIVED", "note": "bản gốc"}, 0),
        ({"operationStatus": "CANCELLED", "note": "khách huỷ"}, 1),  # dispatch: active tasks?
    ],
)
def test_status_change_queries_and_body(move, extra, admin_api, owner_api, create, shared_location):
    stops = [
        {"sequence": 1, "locationId": str(shared_location.public_id)},
        {"sequence": 2, "locationName": "Kho Bình Dương", "contactPhone": "0903 123 456"},
        {"sequence": 3, "locationName": "Cảng Cát Lái"},
    ]
    shipment = create(client=owner_api, stops=stops)
    confirmed = owner_api.post(f"/api/shipments/{shipment['id']}/documents/confirm")
    assert confirmed.status_code == 201, confirmed.content
    admin_api.get("/api/auth/me")  # the session's "last seen" write is behind us
    response, sql = _patch(admin_api, shipment["id"], move)
    # before issue 20: 11 (audit "before" re-read, shipment re-read twice, stops, confirmation)
    assert len(sql) <= 5 + extra, sql  # token, stops joined to their locked shipment (customer,
    # creator; the confirmation time is a column since issue 20), UPDATE, audit entry, event
    assert response.json()["documentsConfirmedAt"] is not None
    assert response.content == admin_api.get(f"/api/shipments/{shipment['id']}").content
    entry = AuditEntry.objects.latest("id")
    version = response.json()["version"]
    assert entry.changes["version"] == [version - 1, version]
    field, key = (
        ("operation_status", "operationStatus")
        if "operationStatus" in move
        else ("document_status", "documentStatus")
    )
    assert entry.changes[field][1] == move[key]


def test_both_moves_in_one_request_audit_each_step(admin_api, create):
    shipment = create()
    response, sql = _patch(
        admin_api, shipment["id"], {"operationStatus": "PENDING", "documentStatus": "DOC_RECEIVED"}
    )
    assert len(sql) <= 6, sql  # a second UPDATE; the two audit entries and the two events are
    # one INSERT each (`core.audit.batched`); still no re-read
    first, second = AuditEntry.objects.order_by("-id")[:2][::-1]
    assert first.changes["operation_status"] == ["DRAFT", "PENDING"]
    assert first.changes["version"] == [1, 2]
    assert second.changes == {"document_status": ["DOC_PENDING", "DOC_RECEIVED"], "version": [2, 3]}
    assert response.content == admin_api.get(f"/api/shipments/{shipment['id']}").content


def test_detail_reads_shipment_and_stops_only(ops_api, create):
    shipment = create()
    ops_api.get("/api/auth/me")
    with CaptureQueriesContext(connection) as ctx:
        assert ops_api.get(f"/api/shipments/{shipment['id']}").status_code == 200
    assert len(ctx.captured_queries) == 2, ctx.captured_queries  # token, stops joined to it


def test_status_change_of_a_shipment_without_stops(admin_api, create):
    shipment = create()
    Stop.objects.filter(shipment__public_id=shipment["id"]).delete()  # e.g. an imported draft
    admin_api.get("/api/auth/me")
    response, sql = _patch(admin_api, shipment["id"], {"operationStatus": "CANCELLED"})
    assert len(sql) <= 8, sql  # 5, the dispatch check of a cancel, the shipment and its stops apart
    assert response.json()["stops"] == []
    assert response.content == admin_api.get(f"/api/shipments/{shipment['id']}").content


def test_status_change_of_another_company_is_not_found(owner_api, create, make_user, api_login):
    from unicon.core.roles import Role

    shipment = create()
    stranger = api_login(make_user(Role.CUSTOMER_OWNER))
    response = stranger.patch(
        f"/api/shipments/{shipment['id']}/status", {"note": "x", "operationStatus": "CANCELLED"}
    )
    assert response.status_code == 404, response.content
    mine = owner_api.patch(
        f"/api/shipments/{shipment['id']}/status", {"operationStatus": "CANCELLED"}
    )
    assert mine.status_code == 200, mine.content
    assert mine.json()["operationStatus"] == "CANCELLED"
