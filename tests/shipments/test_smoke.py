from tests.shipments.conftest import body


def test_create_and_get(ops_api, company, create):
    created = create()
    assert created["number"].startswith("SHP-2026-") or created["number"].startswith("SHP-")
    assert [s["requiredPhotos"] for s in created["stops"]][2] == ["PORT_GATE_PASS"]
    r = ops_api.get(f"/api/shipments/{created['id']}")
    assert r.status_code == 200, r.content
    r = ops_api.get("/api/shipments")
    assert r.status_code == 200, r.content
    assert len(r.json()["items"]) == 1
    r = ops_api.patch(f"/api/shipments/{created['id']}/status", {"operationStatus": "PENDING"})
    assert r.status_code == 200, r.content
    r = ops_api.get(f"/api/shipments/{created['id']}/events")
    assert r.status_code == 200, r.content
    assert [e["toStatus"] for e in r.json()["items"]] == ["DRAFT", "PENDING"]
    r = ops_api.put(f"/api/shipments/{created['id']}", {**body(), "version": 2})
    assert r.status_code == 200, r.content
    r = ops_api.get("/api/stop-templates")
    assert r.status_code == 200, r.content
