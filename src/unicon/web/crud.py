"""Shared page machinery of the master-data pages: list pages and new / edit / delete pages.

Each domain app declares its pages with these (`fleet/views.py`, `customers/views.py`): a
list page reads the query string through the list service's FilterSet; a form page is a
Django form of the app (`<app>/forms.py`) whose values go to one service call (the one the
API makes), the service's refusal landing on the form's fields. Who may see, write and
delete: the roles the app's policies give each page.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unicon.core.audit_views import audit_link
from unicon.core.errors import NotFound, ServiceError
from unicon.core.filtering import errors_of
from unicon.core.permissions import has_role, role_required
from unicon.web.common import report


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
    audit_url: str | None = None,
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
    context = {
        "title": title,
        "form": form,
        "back": back,
        "delete_url": delete_url,
        "obj": obj,
        "audit_url": audit_url,
    }
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
        report(request, exc)
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
            audit_url=audit_link(request.user, self.name, public_id),
        )

    def _delete(self, request: HttpRequest, public_id) -> HttpResponse:
        return _delete(
            request,
            self.services["delete"],
            public_id,
            self.home(request.user),
            f"web-{self.name}-edit",
        )


def resource_services(module, noun: str) -> dict:
    """{get, create, update, delete}: the `<verb>_<noun>` functions of a services module."""
    return {
        verb: getattr(module, f"{verb}_{noun}") for verb in ("get", "create", "update", "delete")
    }


def paged(request, fetch, **fixed):
    """One page of a list service with the page's query parameters as its FilterSet input
    (the API's parameters); a refused filter becomes the error shown above the list."""
    cursor = request.GET.get("cursor") or None
    try:
        return fetch(request.user, request.GET, limit=50, cursor=cursor, **fixed), None
    except ServiceError as exc:
        return None, errors_of(exc)


def list_view(readers, fetch, template: str, writers, *, row=None):
    """A master-data list page for `readers` (the service's FilterSet reads the query
    string); `row(item)` adds what a row shows beyond the item (e.g. paper-expiry badges);
    `writers` see the new and edit links."""

    @role_required(*readers)
    def view(request: HttpRequest) -> HttpResponse:
        page, error = paged(request, fetch)
        items = page.items if page else []
        context = {
            "page": page,
            "rows": [{"obj": o, **row(o)} for o in items] if row else [],
            "error": error,
            "q": request.GET.get("q", "").strip(),
            "can_write": has_role(request.user, writers),
        }
        return render(request, template, context)

    return view
