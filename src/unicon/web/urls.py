"""The pages of every role (the landing pages keep the names the role router uses)."""

from django.urls import path

from unicon.web import dispatcher, driver, resource_forms, resources, shipments

urlpatterns = [
    # ops
    path("ops/shipments/", shipments.ops_list, name="ops-home"),
    path("ops/shipments/new/", shipments.ops_create, name="ops-shipment-new"),
    path("ops/shipments/<uuid:public_id>/", shipments.ops_detail, name="ops-shipment"),
    path("ops/shipments/<uuid:public_id>/edit/", shipments.ops_edit, name="ops-shipment-edit"),
    # shared shipment actions (each service checks the role and the ownership)
    path("shipments/<uuid:public_id>/status/", shipments.change_status, name="shipment-status"),
    path(
        "shipments/<uuid:public_id>/documents/",
        shipments.upload_document,
        name="document-upload",
    ),
    path(
        "shipments/<uuid:public_id>/documents/<uuid:document_id>/verify/",
        shipments.verify_document,
        name="document-verify",
    ),
    # dispatcher
    path("dispatcher/", dispatcher.board, name="dispatcher-home"),
    path("dispatcher/quick/", dispatcher.quick, name="dispatcher-quick"),
    path("dispatcher/assign/<uuid:public_id>/", dispatcher.assign, name="dispatcher-assign"),
    path("dispatcher/assign/<uuid:public_id>/check/", dispatcher.check, name="dispatcher-check"),
    path("dispatcher/unassign/<uuid:public_id>/", dispatcher.unassign, name="dispatcher-unassign"),
    path(
        "dispatcher/drivers/<uuid:driver_id>/order/",
        dispatcher.reorder,
        name="dispatcher-reorder",
    ),
    # driver
    path("driver/", driver.home, name="driver-home"),
    path("driver/tasks/<uuid:task_id>/start/", driver.start, name="driver-start"),
    path(
        "driver/tasks/<uuid:task_id>/stops/<uuid:stop_id>/check-in/",
        driver.check_in,
        name="driver-check-in",
    ),
    path(
        "driver/tasks/<uuid:task_id>/stops/<uuid:stop_id>/check-out/",
        driver.check_out,
        name="driver-check-out",
    ),
    path(
        "driver/shipments/<uuid:shipment_id>/stops/<uuid:stop_id>/photo/",
        driver.photo,
        name="driver-photo",
    ),
    # customer portal
    path("customer/", shipments.customer_list, name="customer-home"),
    path("customer/shipments/new/", shipments.customer_create, name="customer-shipment-new"),
    path(
        "customer/shipments/<uuid:public_id>/", shipments.customer_detail, name="customer-shipment"
    ),
    path(
        "customer/shipments/<uuid:public_id>/edit/",
        shipments.customer_edit,
        name="customer-shipment-edit",
    ),
    path(
        "customer/shipments/<uuid:public_id>/confirm-documents/",
        shipments.confirm_documents,
        name="customer-confirm-documents",
    ),
    # accounting
    path("accounting/debts/", resources.accounting, name="accounting-home"),
    # resources and users
    path("resources/vehicles/", resources.vehicles, name="web-vehicles"),
    path("resources/drivers/", resources.drivers, name="web-drivers"),
    path("resources/customers/", resources.customers, name="web-customers"),
    path("resources/locations/", resources.locations, name="web-locations"),
    path("customer/locations/", resources.customer_locations, name="customer-locations"),
    *resource_forms.VEHICLES.urls("resources/vehicles/"),
    *resource_forms.DRIVERS.urls("resources/drivers/"),
    *resource_forms.CUSTOMERS.urls("resources/customers/"),
    *resource_forms.LOCATIONS.urls("resources/locations/"),
    path("manage/users/", resources.users, name="web-users"),
    path("manage/users/<uuid:public_id>/", resources.user_action, name="web-user-action"),
    path(
        "manage/users/<uuid:public_id>/sessions/",
        resources.user_sessions,
        name="web-user-sessions",
    ),
]
