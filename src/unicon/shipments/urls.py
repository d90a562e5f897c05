"""The shipment pages: ops (`/ops/shipments/…`), the customer portal (`/customer/…`) and the
shared shipment actions."""

from django.urls import path

from unicon.shipments import views

urlpatterns = [
    # ops
    path("ops/shipments/", views.ops_list, name="ops-home"),
    path("ops/shipments/new/", views.ops_create, name="ops-shipment-new"),
    path("ops/shipments/<uuid:public_id>/", views.ops_detail, name="ops-shipment"),
    path("ops/shipments/<uuid:public_id>/edit/", views.ops_edit, name="ops-shipment-edit"),
    # shared shipment actions (each service checks the role and the ownership)
    path("shipments/<uuid:public_id>/status/", views.change_status, name="shipment-status"),
    path("shipments/<uuid:public_id>/review/", views.review_request, name="shipment-review"),
    path(
        "shipments/<uuid:public_id>/documents/",
        views.upload_document,
        name="document-upload",
    ),
    path(
        "shipments/<uuid:public_id>/documents/<uuid:document_id>/verify/",
        views.verify_document,
        name="document-verify",
    ),
    # customer portal
    path("customer/", views.customer_list, name="customer-home"),
    path("customer/shipments/new/", views.customer_create, name="customer-shipment-new"),
    path("customer/shipments/<uuid:public_id>/", views.customer_detail, name="customer-shipment"),
    path(
        "customer/shipments/<uuid:public_id>/edit/",
        views.customer_edit,
        name="customer-shipment-edit",
    ),
    path(
        "customer/shipments/<uuid:public_id>/confirm-documents/",
        views.confirm_documents,
        name="customer-confirm-documents",
    ),
]
