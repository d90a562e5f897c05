"""The vehicle and driver pages."""

from django.urls import path

from unicon.fleet import views

urlpatterns = [
    path("resources/vehicles/", views.vehicles, name="web-vehicles"),
    path("resources/drivers/", views.drivers, name="web-drivers"),
    *views.VEHICLES.urls("resources/vehicles/"),
    *views.DRIVERS.urls("resources/drivers/"),
]
