from django.urls import path

from unicon.notifications import views, webhook_views

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/bell/", views.bell, name="notifications-bell"),
    path("notifications/read-all/", views.mark_all_read, name="notifications-read-all"),
    path("notifications/<uuid:public_id>/read/", views.mark_read, name="notification-read"),
    path("notifications/preferences/", views.preferences, name="notification-preferences"),
    path(
        "notifications/unsubscribe/<str:token>/",
        views.unsubscribe,
        name="notifications-unsubscribe",
    ),
    path("notifications/webhooks/", webhook_views.endpoint_list, name="webhooks"),
    path(
        "notifications/webhooks/<uuid:public_id>/",
        webhook_views.endpoint_detail,
        name="webhook",
    ),
    path(
        "notifications/webhooks/<uuid:public_id>/<str:action>/",
        webhook_views.endpoint_action,
        name="webhook-action",
    ),
    path(
        "notifications/webhooks/<uuid:public_id>/deliveries/<uuid:delivery_id>/redeliver/",
        webhook_views.redeliver,
        name="webhook-redeliver",
    ),
]
