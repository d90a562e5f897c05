from django.contrib import admin
from django.urls import include, path, re_path

from unicon.api import api
from unicon.core import views as core_views
from unicon.runbook import observability

admin.site.site_header = "Unicon Schedule"
handler500 = "unicon.core.unavailable.server_error"  # 503 while the database is unreachable

urlpatterns = [
    # first: an API call then matches at once instead of after every page pattern
    path("api/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", core_views.api_not_found),
    path("", core_views.home, name="home"),
    path("", include("unicon.billing.urls")),
    # every role's pages, each in its domain app (the landing pages keep their names)
    path("", include("unicon.shipments.urls")),
    path("", include("unicon.dispatch.urls")),
    path("", include("unicon.pods.urls")),
    path("", include("unicon.fleet.urls")),
    path("", include("unicon.customers.urls")),
    path("", include("unicon.accounts.urls")),
    path("costs/", include("unicon.costs.urls")),
    path("", include("unicon.dataio.urls")),
    path("", include("unicon.notifications.urls")),
    path("", include("unicon.core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("metrics", observability.metrics_view, name="metrics"),
]
