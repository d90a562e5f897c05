"""GET /api/health/live: the process answers, without the database or a login."""

from unicon.runbook import modes
from unicon.runbook.models import SystemMode


def test_live_answers_ok_without_auth_or_queries(anon, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = anon.get("/api/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_live_answers_in_maintenance_mode(anon):
    SystemMode.objects.create(pk=1, maintenance=True)
    modes.invalidate()
    try:
        assert anon.get("/api/shipments").status_code == 503
        response = anon.get("/api/health/live")
    finally:
        modes.invalidate()
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
