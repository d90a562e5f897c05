"""Shipment documents: upload, list, verify, delete, download; customers on their own only."""

from unicon.core.models import AuditEntry
from unicon.core.roles import Role
from unicon.pods.models import ShipmentDocument

from .conftest import body_of, jpeg_bytes, multipart, pdf_bytes, stored_files, upload_file


def docs_url(shipment) -> str:
    return f"/api/shipments/{shipment.public_id}/documents"


def upload(client, shipment, document_type="BILL_OF_LADING", data=None, name="bl.pdf"):
    return multipart(
        client,
        docs_url(shipment),
        {"file": upload_file(data or pdf_bytes(), name), "documentType": document_type},
    )


def test_staff_and_owning_customer_upload_and_list(
    make_shipment, ops_api, owner_api, stranger_api, trip, make_user, api_login
):
    shipment = make_shipment()
    by_ops = upload(ops_api, shipment)
    assert by_ops.status_code == 201, by_ops.content
    document = by_ops.json()
    assert document["documentType"] == "BILL_OF_LADING"
    assert document["contentType"] == "application/pdf"
    assert document["verified"] is False
    by_owner = upload(owner_api, shipment, "PACKING_LIST", jpeg_bytes(), "list.jpg")
    assert by_owner.status_code == 201, by_owner.content
    dispatcher = api_login(make_user(Role.DISPATCHER))
    assert upload(dispatcher, shipment, "BOOKING").status_code == 201
    # another company's user: 404 everywhere; a driver may not upload documents
    assert upload(stranger_api, shipment).status_code == 404
    assert stranger_api.get(docs_url(shipment)).status_code == 404
    assert stranger_api.get(f"/api/documents/{document['id']}").status_code == 404
    assert stranger_api.get(f"/api/documents/{document['id']}/file").status_code == 404
    _, _, _, driver_api = trip
    assert upload(driver_api, trip[0]).status_code == 403
    assert upload(ops_api, shipment, "NOPE").status_code == 400
    assert upload(ops_api, shipment, "BOOKING", b"<html></html>", "x.pdf").status_code == 400

    image = by_owner.json()
    assert image["thumbnailUrl"] and document["thumbnailUrl"] is None
    thumb = owner_api.get(image["thumbnailUrl"])
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    assert stranger_api.get(image["thumbnailUrl"]).status_code == 404
    listed = owner_api.get(docs_url(shipment)).json()["items"]
    assert [d["documentType"] for d in listed] == ["BILL_OF_LADING", "PACKING_LIST", "BOOKING"]
    only = owner_api.get(docs_url(shipment), {"type": "PACKING_LIST"}).json()["items"]
    assert len(only) == 1
    response = owner_api.get(document["fileUrl"])
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body_of(response) == pdf_bytes()


def test_verify_then_delete_refused(
    make_shipment, ops_api, owner_api, admin_api, _media, django_capture_on_commit_callbacks
):
    shipment = make_shipment()
    document = upload(owner_api, shipment).json()
    assert owner_api.post(f"/api/documents/{document['id']}/verify").status_code == 403
    verified = ops_api.post(f"/api/documents/{document['id']}/verify")
    assert verified.status_code == 200, verified.content
    assert verified.json()["verified"] is True
    assert verified.json()["verifiedBy"] is not None
    assert ops_api.post(f"/api/documents/{document['id']}/verify").status_code == 409
    for client in (owner_api, ops_api, admin_api):
        assert client.delete(f"/api/documents/{document['id']}").status_code == 409
    assert AuditEntry.objects.filter(action="document.verify").exists()

    other = upload(owner_api, shipment, "CUSTOMS").json()
    assert len(stored_files(_media)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert owner_api.delete(f"/api/documents/{other['id']}").status_code == 204
    assert not ShipmentDocument.objects.filter(public_id=other["id"]).exists()
    assert len(stored_files(_media)) == 1  # the deleted document's file is gone


def test_only_uploader_or_ops_deletes(make_shipment, ops_api, owner_api, make_user, api_login):
    shipment = make_shipment()
    document = upload(ops_api, shipment).json()
    colleague = api_login(make_user(Role.CUSTOMER_OPS, customer=shipment.customer))
    assert colleague.delete(f"/api/documents/{document['id']}").status_code == 403
    assert owner_api.delete(f"/api/documents/{document['id']}").status_code == 403
    accounting = api_login(make_user(Role.ACCOUNTING))
    assert accounting.delete(f"/api/documents/{document['id']}").status_code == 403
    assert ops_api.delete(f"/api/documents/{document['id']}").status_code == 204


def test_document_list_query_count_is_constant(make_shipment, ops_api):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    shipment = make_shipment()
    for _ in range(21):
        assert upload(ops_api, shipment, "OTHER", jpeg_bytes(), "p.jpg").status_code == 201
    counts = []
    for limit in (2, 20):
        with CaptureQueriesContext(connection) as queries:
            response = ops_api.get(docs_url(shipment), {"limit": limit})
        assert len(response.json()["items"]) == limit
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_openapi_lists_the_pod_endpoints(ops_api):
    response = ops_api.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/shipments/{shipment_id}/pods",
        "/api/pods/upload",
        "/api/pods/{pod_id}/file",
        "/api/pods/{pod_id}/corrections",
        "/api/shipments/{shipment_id}/documents",
        "/api/documents/{document_id}/verify",
    ):
        assert path in paths, path
    upload_body = paths["/api/pods/upload"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in upload_body


def test_admin_lists_files_read_only(make_shipment, ops_api, make_user):
    from django.test import Client

    shipment = make_shipment()
    upload(ops_api, shipment)
    admin = make_user(Role.ADMIN)
    client = Client()
    client.force_login(admin)
    for path in ("/admin/pods/shipmentdocument/", "/admin/pods/podfile/"):
        response = client.get(path)
        assert response.status_code == 200, path
    assert client.get("/admin/pods/shipmentdocument/add/").status_code == 403
