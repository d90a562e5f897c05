"""The customer-company and address-book pages."""

from django.urls import path

from unicon.customers import views

urlpatterns = [
    path("resources/customers/", views.customers, name="web-customers"),
    path("resources/locations/", views.locations, name="web-locations"),
    path("customer/locations/", views.customer_locations, name="customer-locations"),
    *views.CUSTOMERS.urls("resources/customers/"),
    *views.LOCATIONS.urls("resources/locations/"),
    path("resources/distances/", views.distances, name="web-distances"),
    *views.DISTANCES.urls("resources/distances/"),
]
