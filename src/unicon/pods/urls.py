"""Print pages of the pods app."""

from django.urls import path

from unicon.pods import print_views

urlpatterns = [
    path(
        "shipments/<uuid:public_id>/delivery-note/",
        print_views.note,
        name="delivery-note",
    ),
]
