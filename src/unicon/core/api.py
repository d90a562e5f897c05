from django.http import HttpRequest
from ninja import Router, Status

from unicon.core.health import run_checks
from unicon.core.schemas import ResolvedSchema

router = Router(tags=["health"], by_alias=True)


class CheckOut(ResolvedSchema):
    status: str
    latency_ms: float
    error: str | None = None


class LiveOut(ResolvedSchema):
    status: str


class HealthOut(ResolvedSchema):
    status: str
    version: str
    time: str
    checks: dict[str, CheckOut]
    failing: list[str] | None = None
    storage: str | None = None
    mode: dict | None = None


@router.get(
    "/health",
    auth=None,
    response={200: HealthOut, 503: HealthOut},
    exclude_none=True,
    summary="Health check",
)
def health(request: HttpRequest):
    """200 when the database and file storage answer, 503 naming the failing checks."""
    report = run_checks()
    return Status(200 if report["status"] == "ok" else 503, report)


@router.get(
    "/health/live",
    auth=None,
    response=LiveOut,
    summary="Liveness check",
    operation_id="healthLive",
)
def live(request: HttpRequest):
    """200 while the process answers: no database, no storage, no authentication (also in
    maintenance mode). For liveness probes and the benchmark's framework floor."""
    return {"status": "ok"}
