"""Per-request context (request id, client address, the request itself) for audit and logs."""

import contextvars
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str | None = None
    user_agent: str = ""
    request: Any = None  # the HttpRequest, to find the acting user once it is known


_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "unicon_request_context",
    default=RequestContext(),  # noqa: B039 (frozen, immutable)
)


def current() -> RequestContext:
    return _current.get()


@contextmanager
def bound(ctx: RequestContext) -> Iterator[RequestContext]:
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)


def cli_context(command: str) -> RequestContext:
    """The context of a management command: no request, a fresh id naming the command."""
    return RequestContext(request_id=f"cli-{uuid.uuid4().hex[:16]}", user_agent=f"cli:{command}")


def current_actor() -> Any:
    """The authenticated user of the current request, or None."""
    user = getattr(_current.get().request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None
