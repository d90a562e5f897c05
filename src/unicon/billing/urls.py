"""Billing pages (the accounting home keeps the URL name the role router uses)."""

from django.urls import path

from unicon.billing import views, views_receivables

urlpatterns = [
    path("accounting/debts/", views.home, name="accounting-home"),
    path("accounting/tariffs/", views.tariffs, name="billing-tariffs"),
    path("accounting/tariffs/<uuid:public_id>/", views.tariffs, name="billing-tariff"),
    path(
        "accounting/tariffs/<uuid:public_id>/delete/",
        views.delete_tariff,
        name="billing-tariff-delete",
    ),
    path("accounting/invoices.xlsx", views.export_invoices, name="billing-invoices-xlsx"),
    path("accounting/shipments/<uuid:public_id>/", views.shipment, name="billing-shipment"),
    path("accounting/shipments/<uuid:public_id>/price/", views.price, name="billing-price"),
    path(
        "accounting/charges/<uuid:charge_id>/edit/", views.edit_charge, name="billing-charge-edit"
    ),
    path("billing/charges/<uuid:charge_id>/receipt/", views.charge_receipt, name="billing-receipt"),
    path(
        "accounting/charges/<uuid:charge_id>/delete/",
        views.delete_charge,
        name="billing-charge-delete",
    ),
    path("accounting/statements/", views.build_statement, name="billing-statement-build"),
    path("billing/statements/<uuid:public_id>/", views.statement, name="billing-statement"),
    path(
        "billing/statements/<uuid:public_id>/invoice/",
        views.invoice_statement,
        name="billing-statement-invoice",
    ),
    path(
        "billing/statements/<uuid:public_id>/<str:action>/",
        views.statement_action,
        name="billing-statement-action",
    ),
    path("billing/invoices/<uuid:public_id>/", views.invoice, name="billing-invoice"),
    path("billing/invoices/<uuid:public_id>/pdf/", views.invoice_pdf, name="billing-invoice-pdf"),
    path(
        "billing/invoices/<uuid:public_id>/<str:action>/",
        views.invoice_action,
        name="billing-invoice-action",
    ),
    path("customer/billing/", views.customer_billing, name="customer-billing"),
    path("customer/account/", views_receivables.own_account, name="customer-account"),
    path("accounting/receivables/", views_receivables.dashboard, name="billing-receivables"),
    path("accounting/payments/", views_receivables.payment_list, name="billing-payments"),
    path(
        "accounting/payments/<uuid:public_id>/reverse/",
        views_receivables.payment_reverse,
        name="billing-payment-reverse",
    ),
    path(
        "accounting/customers/<uuid:customer_id>/reminders/",
        views_receivables.reminder_settings,
        name="billing-reminders",
    ),
    path(
        "accounting/customers/<uuid:customer_id>/account/",
        views_receivables.account,
        name="billing-account",
    ),
]
