"""The dispatcher's board and the driver's trips page."""

from django.urls import path

from unicon.dispatch import driver_views, print_views, views, views_board

urlpatterns = [
    # dispatcher
    path("dispatcher/", views_board.board, name="dispatcher-home"),
    path("dispatcher/board/assign/", views_board.assign_to_row, name="dispatcher-board-assign"),
    path("dispatcher/board/move/<uuid:public_id>/", views_board.move, name="dispatcher-board-move"),
    path("dispatcher/quick/", views.quick, name="dispatcher-quick"),
    path("dispatcher/assign/<uuid:public_id>/", views.assign, name="dispatcher-assign"),
    path("dispatcher/assign/<uuid:public_id>/check/", views.check, name="dispatcher-check"),
    path("dispatcher/handover/<uuid:public_id>/", views.handover, name="dispatcher-handover"),
    path("dispatcher/unassign/<uuid:public_id>/", views.unassign, name="dispatcher-unassign"),
    path(
        "dispatcher/drivers/<uuid:driver_id>/order/",
        views.reorder,
        name="dispatcher-reorder",
    ),
    # driver
    path("driver/", driver_views.home, name="driver-home"),
    path("driver/tasks/<uuid:task_id>/sheet/", print_views.sheet, name="trip-sheet"),
    path("driver/sw.js", driver_views.service_worker, name="driver-sw"),
    path("driver/offline/", driver_views.offline, name="driver-offline"),
    path("driver/tasks/<uuid:task_id>/start/", driver_views.start, name="driver-start"),
    path(
        "driver/tasks/<uuid:task_id>/stops/<uuid:stop_id>/check-in/",
        driver_views.check_in,
        name="driver-check-in",
    ),
    path(
        "driver/tasks/<uuid:task_id>/stops/<uuid:stop_id>/check-out/",
        driver_views.check_out,
        name="driver-check-out",
    ),
    path(
        "driver/shipments/<uuid:shipment_id>/stops/<uuid:stop_id>/photo/",
        driver_views.photo,
        name="driver-photo",
    ),
]
