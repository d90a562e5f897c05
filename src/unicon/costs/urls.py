"""Pages of the fleet costs (included at /costs/)."""

from django.urls import path

from unicon.costs import views

urlpatterns = [
    path("fuel/", views.fuel_list, name="costs-fuel"),
    path("fuel/new/", views.fuel_new, name="costs-fuel-new"),
    path("fuel/<uuid:public_id>/edit/", views.fuel_edit, name="costs-fuel-edit"),
    path("fuel/<uuid:public_id>/review/", views.fuel_review, name="costs-fuel-review"),
    path("repairs/", views.repair_list, name="costs-repairs"),
    path("repairs/new/", views.repair_new, name="costs-repair-new"),
    path("repairs/<uuid:public_id>/review/", views.repair_review, name="costs-repair-review"),
    path("invoices/", views.invoice_list, name="costs-invoices"),
    path("invoices/<uuid:public_id>/", views.invoice_detail, name="costs-invoice"),
    path("invoices/<uuid:public_id>/review/", views.invoice_review, name="costs-invoice-review"),
    path("invoices/<uuid:public_id>/ocr/", views.invoice_retry_ocr, name="costs-invoice-ocr"),
    path("margins/", views.margin_page, name="costs-margins"),
]
