"""The role router at `/` (DOMAIN.md §1.2); the role pages live in `unicon.web`."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext

from unicon.core.errors import error_response
from unicon.core.roles import HOME_PAGE, Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect(HOME_PAGE[Role(request.user.role)])


def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return error_response("NOT_FOUND", gettext("No such API endpoint"), status=404)
