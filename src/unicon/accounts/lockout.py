"""How django-axes names an account and answers a locked-out login (web and API alike)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from unicon.accounts.models import normalise_email
from unicon.core.errors import error_response
from unicon.core.middleware import is_api


def normalised_username(request: HttpRequest, credentials: dict | None) -> str:
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalise_email(username)


def lockout_response(
    request: HttpRequest, original_response=None, credentials=None
) -> HttpResponse:
    from unicon.accounts.forms import LoginForm
    from unicon.accounts.services import locked_out_message

    message = locked_out_message()
    if is_api(request):
        retry_after = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
        return error_response("RATE_LIMITED", message, status=429, **{"Retry-After": retry_after})
    context = {"form": LoginForm(request), "lockout_message": message}
    return render(request, "registration/login.html", context, status=429)
