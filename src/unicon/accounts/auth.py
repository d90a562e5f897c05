"""API authentication: a bearer token (an API session) or the browser's session cookie."""

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from unicon.accounts import services


class SessionBearer(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        resolved = services.resolve_api_token(token)
        if resolved is None:
            return None
        request.user, request.api_session = resolved
        return request.user


api_auth = [SessionBearer(), django_auth]
