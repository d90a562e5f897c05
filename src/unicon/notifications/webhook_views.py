"""Webhook pages for ADMIN and customer owners: endpoints, the secret (shown once), the
delivery log with redelivery. The rules are in `policies` and `webhooks`; these only render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unicon.core.errors import NotFound, ServiceError
from unicon.notifications import catalogue, policies, webhooks
from unicon.notifications.forms import EndpointForm


def _manager(request: HttpRequest):
    if not policies.may_manage_webhooks(request.user):
        raise PermissionDenied
    return request.user


def _choices(user) -> list[tuple[str, str]]:
    return [(code, catalogue.get(code).label) for code in policies.subscribable_types(user)]


@login_required
def endpoint_list(request: HttpRequest) -> HttpResponse:
    user = _manager(request)
    form = EndpointForm(request.POST or None, choices=_choices(user))
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            endpoint, secret = webhooks.create_endpoint(user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error("url", exc.message)
        else:
            form = EndpointForm(choices=_choices(user))
            messages.success(request, _("Endpoint %(url)s registered.") % {"url": endpoint.url})
    endpoints = policies.visible_endpoints(user).order_by("-id")
    return render(
        request,
        "notifications/webhooks.html",
        {"form": form, "endpoints": endpoints, "secret": secret},
    )


def _endpoint(user, public_id):
    try:
        return webhooks.get_endpoint(user, public_id)
    except NotFound as exc:
        raise Http404 from exc


@login_required
def endpoint_detail(request: HttpRequest, public_id) -> HttpResponse:
    user = _manager(request)
    endpoint = _endpoint(user, public_id)
    page = webhooks.list_deliveries(user, public_id, cursor=request.GET.get("cursor") or None)
    return render(
        request,
        "notifications/webhook.html",
        {"endpoint": endpoint, "page": page, "labels": catalogue.EVENT_TYPES},
    )


@login_required
@require_POST
def endpoint_action(request: HttpRequest, public_id, action: str) -> HttpResponse:
    """rotate / enable / disable / delete one endpoint."""
    user = _manager(request)
    endpoint = _endpoint(user, public_id)
    if action == "delete":
        webhooks.delete_endpoint(user, public_id)
        messages.success(request, _("Endpoint deleted."))
        return redirect("webhooks")
    if action == "rotate":
        endpoint, secret = webhooks.rotate_secret(user, public_id)
        page = webhooks.list_deliveries(user, public_id)
        context = {"endpoint": endpoint, "page": page, "secret": secret}
        return render(request, "notifications/webhook.html", context)
    if action not in {"enable", "disable"}:
        raise Http404
    webhooks.update_endpoint(user, endpoint.public_id, is_active=action == "enable")
    return redirect("webhook", public_id=public_id)


@login_required
@require_POST
def redeliver(request: HttpRequest, public_id, delivery_id) -> HttpResponse:
    user = _manager(request)
    try:
        webhooks.redeliver(user, delivery_id)
    except NotFound as exc:
        raise Http404 from exc
    messages.success(request, _("Queued for delivery again."))
    return redirect("webhook", public_id=public_id)
