"""The role router at `/` (DOMAIN.md §1.2); the role pages live in `unicon.web`."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from unicon.core.errors import error_body
from unicon.core.roles import HOME_PAGE, Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect(HOME_PAGE[Role(request.user.role)])


def api_not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    return JsonResponse(error_body("NOT_FOUND", "No such API endpoint"), status=404)
