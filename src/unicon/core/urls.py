"""Pages of the core app: the audit history."""

from django.urls import path

from unicon.core import audit_views

urlpatterns = [
    path("audit/", audit_views.audit_list, name="audit"),
]
