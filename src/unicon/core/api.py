from django.http import HttpRequest
from ninja import Router

from unicon.core.health import run_checks

router = Router(tags=["health"])


@router.get("/health", auth=None, summary="Liveness and dependency health")
def health(request: HttpRequest):
    """200 when the database and file storage answer, 503 naming the failing checks."""
    report = run_checks()
    return (200 if report["status"] == "ok" else 503), report
