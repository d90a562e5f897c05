from django.urls import path

from unicon.notifications import views

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
]
