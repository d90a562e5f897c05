"""Pages: the notification list (filters, mark read), the bell (htmx), preferences, and the
unsubscribe page reached from an e-mail without logging in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from unicon.core import readable
from unicon.core.errors import ServiceError
from unicon.notifications import catalogue, policies, services
from unicon.notifications.filters import NotificationFilter
from unicon.notifications.forms import PreferencesForm
from unicon.notifications.templatetags.notifications import notification_bell
from unicon.web.common import report


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    filterset = NotificationFilter(request.GET, queryset=services.notifications_of(request.user))
    page, error = None, ""
    try:
        if filterset.is_valid():
            page = services.list_notifications(
                request.user, filterset.qs, cursor=request.GET.get("cursor") or None
            )
        else:
            error = f"{_('Invalid filter.')} {readable.form_text(filterset.form)}"
    except ServiceError as exc:
        error = readable.text(exc)
    return render(
        request,
        "notifications/list.html",
        {
            "filter": filterset,
            "error": error,
            "page": page,
            "unread": services.unread_count(request.user),
            "may_manage_webhooks": policies.may_manage_webhooks(request.user),
        },
    )


@login_required
def bell(request: HttpRequest) -> HttpResponse:
    """The bell with the unread count (the base template polls it every 30 s)."""
    unread = services.unread_count(request.user)
    return render(request, "notifications/bell.html", notification_bell(unread))


@login_required
@require_POST
def mark_read(request: HttpRequest, public_id) -> HttpResponse:
    try:
        item = services.mark_read(request.user, public_id)
    except ServiceError as exc:
        report(request, exc)
        return redirect("notifications")
    return redirect(item.link if request.POST.get("open") else "notifications")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(request.user)
    messages.success(request, _("%(n)s notification(s) marked read.") % {"n": count})
    return redirect("notifications")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = PreferencesForm(
        request.POST or None,
        kinds=services.event_types_for(user),
        current=services.preferences(user),
        language=services.language_of(user),
    )
    if request.method == "POST" and form.is_valid():
        for event_type, channel, enabled in form.choices():
            services.set_preference(user, event_type, channel, enabled)
        services.set_language(user, form.cleaned_data["language"])
        messages.success(request, _("Preferences saved."))
        return redirect("notification-preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@csrf_exempt  # authorised by the signed token; RFC 8058 one-click POSTs come without a cookie
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: confirm; POST: turn the e-mails of this event type off (no login needed)."""
    try:
        user, kind = services.unsubscribe_target(token)
    except ServiceError as exc:
        return render(request, "notifications/unsubscribe.html", {"error": exc.message}, status=400)
    done = False
    if request.method == "POST":
        services.unsubscribe(token)
        done = True
    return render(
        request,
        "notifications/unsubscribe.html",
        {"email": user.email, "label": kind.label, "done": done, "kinds": catalogue.EVENT_TYPES},
    )
