"""The customer-company and address-book pages: lists and new / edit / delete pages
(`customers.forms`, one `customers.services` call each). Customer users see and edit their
own company's locations (the service decides; the page hides the links it would refuse)."""

from django.utils.translation import gettext_noop

from unicon.core.roles import CUSTOMER_ROLES
from unicon.customers import policies, services
from unicon.customers.forms import CustomerForm, DistanceForm, LocationForm
from unicon.web.crud import Resource, list_view, resource_services

customers = list_view(
    policies.CUSTOMER_READERS,
    services.list_customers,
    "customers/customers.html",
    policies.CUSTOMER_WRITERS,
)

locations = list_view(
    policies.LOCATION_WRITERS,
    services.list_locations,
    "customers/locations.html",
    policies.LOCATION_PAGE_ROLES,
)

customer_locations = list_view(
    CUSTOMER_ROLES,
    services.list_locations,
    "customers/locations.html",
    policies.LOCATION_PAGE_ROLES,
)

CUSTOMERS = Resource(
    "customer",
    form=CustomerForm,
    services=resource_services(services, "customer"),
    writers=policies.CUSTOMER_WRITERS,
    deleters=policies.CUSTOMER_DELETERS,
    home=lambda user: "web-customers",
    titles=(gettext_noop("New customer"), gettext_noop("Edit customer %(name)s")),
    label=lambda customer: customer.code,
)
LOCATIONS = Resource(
    "location",
    form=LocationForm,
    services=resource_services(services, "location"),
    writers=policies.LOCATION_PAGE_ROLES,
    deleters=policies.LOCATION_PAGE_ROLES,
    home=lambda user: "customer-locations" if user.is_customer else "web-locations",
    titles=(gettext_noop("New location"), gettext_noop("Edit location %(name)s")),
    label=lambda location: location.name,
)

distances = list_view(
    policies.DISTANCE_READERS,
    services.list_distances,
    "customers/distances.html",
    policies.DISTANCE_WRITERS,
)
DISTANCES = Resource(
    "distance",
    form=DistanceForm,
    services=resource_services(services, "distance"),
    writers=policies.DISTANCE_WRITERS,
    deleters=policies.DISTANCE_WRITERS,
    home=lambda user: "web-distances",
    titles=(gettext_noop("New distance"), gettext_noop("Edit distance %(name)s")),
    label=lambda distance: f"{distance.origin.name} – {distance.destination.name}",
)
