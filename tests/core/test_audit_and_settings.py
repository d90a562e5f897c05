"""The audit trail is append-only at the database level; production settings are strict."""

import os
import subprocess
import sys

import pytest
from django.db import DatabaseError, connection, transaction

from unicon.core.models import AuditEntry


def test_audit_rows_cannot_be_updated_or_deleted_even_with_raw_sql(make_user):
    make_user()
    entry = AuditEntry.objects.latest("id")
    table = AuditEntry._meta.db_table
    for statement in (
        f"UPDATE {table} SET action = 'x' WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [entry.pk])
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).delete()


def _django(args: list[str], extra_env: dict, tmp_path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env.update({"UNICON_VAR_DIR": str(tmp_path), **extra_env})
    return subprocess.run(
        [sys.executable, "-m", "unicon.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = _django(["check"], {"UNICON_ENV": "production", "ALLOWED_HOSTS": "x.vn"}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    env = {
        "UNICON_ENV": "production",
        "SECRET_KEY": "k" * 20 + "Zq8#pW2!vL9$rT5^mX1&nB7*cD3(eF6)gH4_jK0+",
        "ALLOWED_HOSTS": "schedule.unicon.ltd",
    }
    result = _django(["check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)
    assert result.returncode == 0, result.stderr + result.stdout
    output = result.stdout + result.stderr
    assert "WARNINGS:" not in output and "ERRORS:" not in output
    assert "(unicon.I001) File storage in use: local folder" in output  # names the backend


def test_development_secret_key_is_generated_once(tmp_path):
    _django(["check"], {}, tmp_path)
    key = (tmp_path / "secret_key").read_text()
    _django(["check"], {}, tmp_path)
    assert (tmp_path / "secret_key").read_text() == key and len(key) >= 50


def test_redis_url_switches_the_cache_to_redis(tmp_path):
    code = (
        "from django.core.cache import cache, caches; cache.set('ci-probe', 42); "
        "print(type(caches['default']).__name__, cache.get('ci-probe'))"
    )
    result = _django(
        ["shell", "-v", "0", "-c", code], {"REDIS_URL": "redis://127.0.0.1:6379/15"}, tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["RedisCache", "42"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp+tls://u:p@mail.example.com:587", "smtp 587 tls=True ssl=False"),
        ("smtp+ssl://u:p@mail.example.com:465", "smtp 465 tls=False ssl=True"),
        ("consolemail://", "console"),
    ],
)
def test_email_url_selects_the_mail_backend(tmp_path, url, expected):
    code = (
        "from django.conf import settings as s; b = s.EMAIL_BACKEND.rsplit('.', 2)[-2]; "
        "print(b if b == 'console' else f'{b} {s.EMAIL_PORT} tls={s.EMAIL_USE_TLS} "
        "ssl={s.EMAIL_USE_SSL}')"
    )
    result = _django(["shell", "-v", "0", "-c", code], {"EMAIL_URL": url}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
