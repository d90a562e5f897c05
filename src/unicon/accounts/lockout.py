"""How django-axes names an account and answers a locked-out login (web and API alike)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from unicon.accounts.models import normalise_email
from unicon.core.errors import error_body
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
        return JsonResponse(error_body("RATE_LIMITED", message), status=429)
    context = {"form": LoginForm(request), "lockout_message": message}
    return render(request, "registration/login.html", context, status=429)
