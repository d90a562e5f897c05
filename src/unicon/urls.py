from django.contrib import admin
from django.urls import include, path, re_path

from unicon.api import api
from unicon.core import views as core_views

admin.site.site_header = "Unicon Schedule"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("ops/shipments/", core_views.ops_home, name="ops-home"),
    path("dispatcher/", core_views.dispatcher_home, name="dispatcher-home"),
    path("driver/", core_views.driver_home, name="driver-home"),
    path("customer/", core_views.customer_home, name="customer-home"),
    path("accounting/debts/", core_views.accounting_home, name="accounting-home"),
    path("", include("unicon.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", core_views.api_not_found),
]
