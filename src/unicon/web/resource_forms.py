"""Create / edit / delete pages for vehicles, drivers, customers and locations.

Each page is a Django form of the domain app (`fleet.forms`, `customers.forms`) whose
values go to one service call (the same one the API makes); the service's refusal lands on
the form's fields. Who may write and what may be deleted: the domain policies.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
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


class Resource:
    """The new / edit / delete pages of one kind of master data, each one service call.

    `writers` open the new and edit pages, `deleters` the delete action (their policies);
    `home(user)` is the URL name of the list to go back to.
    """

    def __init__(
        self,
        name: str,
        *,
        form,
        new_form=None,
        services: dict,
        writers,
        deleters,
        home,
        titles: tuple[str, str],
        label=str,
    ):
        self.name, self.form, self.new_form = name, form, new_form or form
        self.services, self.writers, self.deleters = services, writers, deleters
        self.home, self.titles, self.label = home, titles, label
        self.new = role_required(*writers)(self._new)
        self.edit = role_required(*writers)(self._edit)
        self.delete = require_POST(role_required(*deleters)(self._delete))

    def urls(self, prefix: str) -> list:
        """`<prefix>new/`, `<prefix><id>/edit/`, `<prefix><id>/delete/` (names web-<name>-…)."""
        return [
            path(f"{prefix}new/", self.new, name=f"web-{self.name}-new"),
            path(f"{prefix}<uuid:public_id>/edit/", self.edit, name=f"web-{self.name}-edit"),
            path(f"{prefix}<uuid:public_id>/delete/", self.delete, name=f"web-{self.name}-delete"),
        ]

    def _new(self, request: HttpRequest) -> HttpResponse:
        create = self.services["create"]
        return _form_page(
            request,
            self.new_form,
            lambda data: create(request.user, data),
            title=_(self.titles[0]),
            back=self.home(request.user),
            edit_url_name=f"web-{self.name}-edit",
        )

    def _edit(self, request: HttpRequest, public_id) -> HttpResponse:
        obj = _get_or_404(self.services["get"], request.user, public_id)
        update = self.services["update"]
        return _form_page(
            request,
            self.form,
            lambda data: update(request.user, public_id, data),
            obj=obj,
            title=_(self.titles[1]) % {"name": self.label(obj)},
            back=self.home(request.user),
            delete_url=_delete_url(
                request.user, self.deleters, f"web-{self.name}-delete", public_id
            ),
            edit_url_name=f"web-{self.name}-edit",
        )

    def _delete(self, request: HttpRequest, public_id) -> HttpResponse:
        return _delete(
            request,
            self.services["delete"],
            public_id,
            self.home(request.user),
            f"web-{self.name}-edit",
        )


def _services(module, noun: str) -> dict:
    return {
        verb: getattr(module, f"{verb}_{noun}") for verb in ("get", "create", "update", "delete")
    }


VEHICLES = Resource(
    "vehicle",
    form=VehicleForm,
    services=_services(fleet_services, "vehicle"),
    writers=FLEET_WRITERS,
    deleters=FLEET_DELETERS,
    home=lambda user: "web-vehicles",
    titles=(gettext_noop("New vehicle"), gettext_noop("Edit vehicle %(name)s")),
)
DRIVERS = Resource(
    "driver",
    form=DriverForm,
    new_form=NewDriverForm,
    services=_services(fleet_services, "driver"),
    writers=FLEET_WRITERS,
    deleters=FLEET_DELETERS,
    home=lambda user: "web-drivers",
    titles=(gettext_noop("New driver"), gettext_noop("Edit driver %(name)s")),
    label=lambda driver: driver.user.full_name,
)
CUSTOMERS = Resource(
    "customer",
    form=CustomerForm,
    services=_services(customer_services, "customer"),
    writers=CUSTOMER_WRITERS,
    deleters=CUSTOMER_DELETERS,
    home=lambda user: "web-customers",
    titles=(gettext_noop("New customer"), gettext_noop("Edit customer %(name)s")),
    label=lambda customer: customer.code,
)
LOCATIONS = Resource(
    "location",
    form=LocationForm,
    services=_services(customer_services, "location"),
    writers=LOCATION_PAGE_ROLES,
    deleters=LOCATION_PAGE_ROLES,
    home=lambda user: "customer-locations" if user.is_customer else "web-locations",
    titles=(gettext_noop("New location"), gettext_noop("Edit location %(name)s")),
    label=lambda location: location.name,
)
