from unicon.accounts.sessions import SessionStore


class SessionActivityMiddleware:
    """Keeps an active browser session alive until its idle timeout or absolute lifetime."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and isinstance(request.session, SessionStore):
            request.session.touch()
        return self.get_response(request)
