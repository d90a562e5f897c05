"""Create / edit / delete pages for vehicles, drivers, customers and locations.

Each page is a Django form of the domain app (`fleet.forms`, `customers.forms`) whose
values go to one service call (the same one the API makes); the service's refusal lands on
the form's fields. Who may write and what may be deleted: the domain policies.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unicon.core.errors import NotFound, ServiceError
from unicon.core.permissions import has_role, role_required
from unicon.customers import services as customer_services
from unicon.customers.forms import CustomerForm, LocationForm
from unicon.customers.policies import CUSTOMER_DELETERS, CUSTOMER_WRITERS, LOCATION_PAGE_ROLES
from unicon.fleet import services as fleet_services
from unicon.fleet.forms import DriverForm, NewDriverForm, VehicleForm
from unicon.fleet.policies import FLEET_DELETERS, FLEET_WRITERS


def _form_page(
    request: HttpRequest,
    form_class,
    save,
    *,
    obj=None,
    title: str,
    back: str,
    delete_url: str | None = None,
    edit_url_name: str,
) -> HttpResponse:
    """GET: the form; POST: `save(data)` (one service call) or the form with its errors."""
    if request.method != "POST":
        form = form_class(user=request.user, instance=obj)
    else:
        form = form_class(request.POST, user=request.user, instance=obj)
        saved = form.submit(save)
        if saved is not None:
            messages.success(request, _("Saved."))
            return redirect(edit_url_name, public_id=saved.public_id)
        refused = form.refused
        messages.error(
            request, refused.message if refused else _("Please correct the marked fields.")
        )
    status = 200
    if form.is_bound:
        status = form.refused.status if form.refused and form.refused.status in (403, 409) else 400
    context = {"title": title, "form": form, "back": back, "delete_url": delete_url, "obj": obj}
    return render(request, "web/resources/form.html", context, status=status)


def _get_or_404(getter, user, public_id):
    try:
        return getter(user, public_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _delete(request, deleter, public_id, done: str, edit_url_name: str) -> HttpResponse:
    try:
        deleter(request.user, public_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(edit_url_name, public_id=public_id)
    messages.success(request, _("Deleted."))
    return redirect(done)


def _delete_url(user, roles, name: str, public_id) -> str | None:
    """The delete button is shown to the roles whose delete page is open (ADMIN always)."""
    return reverse(name, kwargs={"public_id": public_id}) if has_role(user, roles) else None


# --------------------------------------------------------------------------- vehicles


@role_required(*FLEET_WRITERS)
def vehicle_new(request: HttpRequest) -> HttpResponse:
    return _form_page(
        request,
        VehicleForm,
        lambda data: fleet_services.create_vehicle(request.user, data),
        title=_("New vehicle"),
        back="web-vehicles",
        edit_url_name="web-vehicle-edit",
    )


@role_required(*FLEET_WRITERS)
def vehicle_edit(request: HttpRequest, public_id) -> HttpResponse:
    vehicle = _get_or_404(fleet_services.get_vehicle, request.user, public_id)
    return _form_page(
        request,
        VehicleForm,
        lambda data: fleet_services.update_vehicle(request.user, public_id, data),
        obj=vehicle,
        title=_("Edit vehicle %(name)s") % {"name": vehicle},
        back="web-vehicles",
        delete_url=_delete_url(request.user, FLEET_DELETERS, "web-vehicle-delete", public_id),
        edit_url_name="web-vehicle-edit",
    )


@require_POST
@role_required(*FLEET_DELETERS)
def vehicle_delete(request: HttpRequest, public_id) -> HttpResponse:
    return _delete(
        request, fleet_services.delete_vehicle, public_id, "web-vehicles", "web-vehicle-edit"
    )


# --------------------------------------------------------------------------- drivers


@role_required(*FLEET_WRITERS)
def driver_new(request: HttpRequest) -> HttpResponse:
    return _form_page(
        request,
        NewDriverForm,
        lambda data: fleet_services.create_driver(request.user, data),
        title=_("New driver"),
        back="web-drivers",
        edit_url_name="web-driver-edit",
    )


@role_required(*FLEET_WRITERS)
def driver_edit(request: HttpRequest, public_id) -> HttpResponse:
    driver = _get_or_404(fleet_services.get_driver, request.user, public_id)
    return _form_page(
        request,
        DriverForm,
        lambda data: fleet_services.update_driver(request.user, public_id, data),
        obj=driver,
        title=_("Edit driver %(name)s") % {"name": driver.user.full_name},
        back="web-drivers",
        delete_url=_delete_url(request.user, FLEET_DELETERS, "web-driver-delete", public_id),
        edit_url_name="web-driver-edit",
    )


@require_POST
@role_required(*FLEET_DELETERS)
def driver_delete(request: HttpRequest, public_id) -> HttpResponse:
    return _delete(
        request, fleet_services.delete_driver, public_id, "web-drivers", "web-driver-edit"
    )


# --------------------------------------------------------------------------- customers


@role_required(*CUSTOMER_WRITERS)
def customer_new(request: HttpRequest) -> HttpResponse:
    return _form_page(
        request,
        CustomerForm,
        lambda data: customer_services.create_customer(request.user, data),
        title=_("New customer"),
        back="web-customers",
        edit_url_name="web-customer-edit",
    )


@role_required(*CUSTOMER_WRITERS)
def customer_edit(request: HttpRequest, public_id) -> HttpResponse:
    customer = _get_or_404(customer_services.get_customer, request.user, public_id)
    return _form_page(
        request,
        CustomerForm,
        lambda data: customer_services.update_customer(request.user, public_id, data),
        obj=customer,
        title=_("Edit customer %(name)s") % {"name": customer.code},
        back="web-customers",
        delete_url=_delete_url(request.user, CUSTOMER_DELETERS, "web-customer-delete", public_id),
        edit_url_name="web-customer-edit",
    )


@require_POST
@role_required(*CUSTOMER_DELETERS)
def customer_delete(request: HttpRequest, public_id) -> HttpResponse:
    return _delete(
        request,
        customer_services.delete_customer,
        public_id,
        "web-customers",
        "web-customer-edit",
    )


# --------------------------------------------------------------------------- locations


def _locations_home(user) -> str:
    return "customer-locations" if user.is_customer else "web-locations"


@role_required(*LOCATION_PAGE_ROLES)
def location_new(request: HttpRequest) -> HttpResponse:
    return _form_page(
        request,
        LocationForm,
        lambda data: customer_services.create_location(request.user, data),
        title=_("New location"),
        back=_locations_home(request.user),
        edit_url_name="web-location-edit",
    )


@role_required(*LOCATION_PAGE_ROLES)
def location_edit(request: HttpRequest, public_id) -> HttpResponse:
    location = _get_or_404(customer_services.get_location, request.user, public_id)
    return _form_page(
        request,
        LocationForm,
        lambda data: customer_services.update_location(request.user, public_id, data),
        obj=location,
        title=_("Edit location %(name)s") % {"name": location.name},
        back=_locations_home(request.user),
        delete_url=_delete_url(request.user, LOCATION_PAGE_ROLES, "web-location-delete", public_id),
        edit_url_name="web-location-edit",
    )


@require_POST
@role_required(*LOCATION_PAGE_ROLES)
def location_delete(request: HttpRequest, public_id) -> HttpResponse:
    return _delete(
        request,
        customer_services.delete_location,
        public_id,
        _locations_home(request.user),
        "web-location-edit",
    )
