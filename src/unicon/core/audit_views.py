"""The audit history page (`/audit/`): who changed what and when, for any object, filtered by
user and date, keyset-paginated. ADMIN and OPS (`core.policies.AUDIT_READERS`); the query is
`core.history.list_audit`, which an API can reuse."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from unicon.core import history, policies
from unicon.core.errors import ValidationFailed
from unicon.core.filtering import errors_of
from unicon.core.permissions import role_required

FILTER_NAMES = ("objectType", "objectId", "user", "dateFrom", "dateTo")


@role_required(*policies.AUDIT_READERS)
def audit_list(request: HttpRequest) -> HttpResponse:
    """The audit list with the filters of `core.history.AuditFilter` in the query string."""
    params = {name: request.GET.get(name, "").strip() for name in FILTER_NAMES}
    page, error = None, None
    try:
        page = history.list_audit(
            request.user, params, limit=50, cursor=request.GET.get("cursor") or None
        )
    except ValidationFailed as exc:
        error = errors_of(exc)
    query = {k: v for k, v in params.items() if v}
    context = {
        "page": page,
        "error": error,
        "params": params,
        "subject": history.audit_subject(params["objectType"], params["objectId"]),
        "query": urlencode(query),
    }
    return render(request, "core/audit.html", context, status=400 if error else 200)


def audit_link(user, object_type: str, public_id) -> str | None:
    """The URL of an object's audit history for a user who may read it, else None (the pages
    of shipments, customers, vehicles, drivers and users link to it)."""
    if object_type not in history.OBJECT_TYPES or not policies.may_read_audit(user):
        return None
    query = urlencode({"objectType": object_type, "objectId": str(public_id)})
    return f"{reverse('audit')}?{query}"
