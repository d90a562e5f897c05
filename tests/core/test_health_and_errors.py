"""Health check and the API's error envelope (DESIGN.md API conventions)."""

import json
import os
import subprocess
import sys
from unittest import mock

from django.db.utils import OperationalError
from django.test import Client, override_settings


def test_health_ok_without_auth(anon):
    response = anon.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["version"]
    assert body["checks"]["database"]["status"] == "ok"
    assert isinstance(body["checks"]["database"]["latencyMs"], float | int)
    assert body["checks"]["storage"]["status"] == "ok"


def test_health_503_names_failing_database(anon):
    with mock.patch(
        "unicon.core.health.connection.cursor", side_effect=OperationalError("db down")
    ):
        response = anon.get("/api/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["failing"] == ["database"]
    assert "db down" in body["checks"]["database"]["error"]


def test_health_503_names_failing_storage(anon, tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    with override_settings(MEDIA_ROOT=str(blocked / "media")):
        response = anon.get("/api/health")
    assert response.status_code == 503
    assert response.json()["failing"] == ["storage"]


def test_health_command_exits_nonzero_when_database_unreachable(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing",
        "UNICON_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "unicon.cli", "health"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    report = json.loads(result.stdout)
    assert report["checks"]["database"]["status"] == "error"
    assert "unhealthy: database" in result.stderr


def test_every_response_has_a_request_id(anon):
    response = anon.get("/api/health")
    assert len(response["X-Request-ID"]) >= 8
    echoed = anon.get("/api/health", headers={"X-Request-ID": "trace-12345678"})
    assert echoed["X-Request-ID"] == "trace-12345678"
    junk = anon.get("/api/health", headers={"X-Request-ID": "<script>"})
    assert junk["X-Request-ID"] != "<script>"


def _assert_envelope(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    # every error body is written like the API's own (README "Bodies"): compact UTF-8
    assert b'", "' not in response.content and b'": ' not in response.content, response.content
    assert b"\\u" not in response.content, response.content
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert "details" in body["error"]


def test_unknown_api_route_is_json_404(anon):
    _assert_envelope(anon.get("/api/no/such/thing"), 404, "NOT_FOUND")


def test_wrong_method_is_json(anon):
    _assert_envelope(anon.get("/api/auth/login"), 405, "METHOD_NOT_ALLOWED")


def test_malformed_json_is_validation_error(anon):
    response = Client().post("/api/auth/login", data="{bad", content_type="application/json")
    _assert_envelope(response, 400, "VALIDATION_ERROR")


def test_missing_fields_are_validation_error(anon):
    response = anon.post("/api/auth/login", {"email": "x@example.com"})
    _assert_envelope(response, 422, "VALIDATION_ERROR")
    assert response.json()["error"]["details"]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_oversized_body_is_413(anon):
    response = anon.post("/api/auth/login", {"email": "a@b.c", "password": "x" * 5000})
    _assert_envelope(response, 413, "PAYLOAD_TOO_LARGE")


def test_unhandled_exception_is_json_500_without_traceback(anon):
    client = Client(raise_request_exception=False)
    with mock.patch("unicon.core.api.run_checks", side_effect=RuntimeError("secret detail")):
        response = client.get("/api/health")
    _assert_envelope(response, 500, "INTERNAL_ERROR")
    assert b"secret detail" not in response.content
    assert b"Traceback" not in response.content


def test_unauthenticated_call_is_401(anon):
    _assert_envelope(anon.get("/api/auth/me"), 401, "UNAUTHORIZED")


def test_openapi_schema_is_served(anon):
    response = anon.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/auth/login" in paths and "/api/health" in paths
    assert anon.get("/api/docs").status_code == 200


def test_method_not_allowed_names_the_allowed_methods(anon):
    response = anon.delete("/api/health")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "METHOD_NOT_ALLOWED"
    assert "GET" in response["Allow"]


def test_openapi_declares_the_error_answers(anon):
    document = anon.get("/api/openapi.json").json()
    assert "ErrorOut" in document["components"]["schemas"]
    upload = document["paths"]["/api/shipments/{shipment_id}/pods"]["post"]["responses"]
    assert {"400", "401", "403", "404", "409", "413", "422", "429", "503"} <= set(upload)
    listing = document["paths"]["/api/customers"]["get"]["responses"]
    assert "404" not in listing and "401" in listing
    location = document["components"]["schemas"]["LocationIn"]["properties"]["latitude"]
    assert '"maximum": 90' in str(location).replace("'", '"')


def test_error_messages_speak_the_callers_language(anon):
    vietnamese = anon.get("/api/no/such/thing", headers={"Accept-Language": "vi"})
    assert vietnamese.json()["error"]["message"] == "Không có địa chỉ API này"
    assert "Không có địa chỉ API này".encode() in vietnamese.content  # UTF-8, not \\uXXXX
    english = anon.get("/api/auth/me", headers={"Accept-Language": "en"})
    assert english.json()["error"]["message"] == "Authentication required"
    _assert_envelope(
        anon.get("/api/auth/me", headers={"Accept-Language": "vi"}), 401, "UNAUTHORIZED"
    )
    assert (
        anon.get("/api/auth/me", headers={"Accept-Language": "vi"}).json()["error"]["message"]
        == "Cần đăng nhập"
    )


def test_nul_refusal_and_wrong_method_are_compact_envelopes(anon):
    _assert_envelope(anon.post("/api/auth/login", {"email": "a\x00@b.c", "password": "x"}),
                     400, "VALIDATION_ERROR")  # fmt: skip
    _assert_envelope(anon.delete("/api/health"), 405, "METHOD_NOT_ALLOWED")


def test_health_time_is_utc_with_z(anon):
    assert anon.get("/api/health").json()["time"].endswith("Z")
