def test_shipment_endpoints_are_documented(anon):
    paths = anon.get("/api/openapi.json").json()["paths"]
    for path, method in [
        ("/api/shipments", "get"),
        ("/api/shipments", "post"),
        ("/api/shipments/{shipment_id}", "get"),
        ("/api/shipments/{shipment_id}", "put"),
        ("/api/shipments/{shipment_id}/status", "patch"),
        ("/api/shipments/{shipment_id}/events", "get"),
        ("/api/stop-templates", "get"),
        ("/api/stop-templates/{code}", "put"),
        ("/api/customers/{customer_id}/stop-templates/{code}", "put"),
    ]:
        assert method in paths[path], (path, method)
