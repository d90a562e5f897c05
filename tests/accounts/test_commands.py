"""Runbook §2.3 commands, run as the on-call engineer would: `unicon <command>`."""

import io
import os
import subprocess
import sys
from datetime import timedelta
from urllib.parse import urlparse

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from tests.conftest import PASSWORD, ApiClient
from unicon.accounts.models import User
from unicon.core.models import AuditEntry
from unicon.core.roles import Role

STRONG = "a long and unusual pass phrase"


def run(*args: str, stdin: str = "") -> str:
    out = io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        call_command(*args, stdout=out)
    finally:
        sys.stdin = old_stdin
    return out.getvalue()


def test_createadmin_with_password_stdin(anon):
    output = run(
        "createadmin",
        "--email",
        "Boss@Unicon.ltd",
        "--full-name",
        "Boss",
        "--password-stdin",
        stdin=STRONG + "\n",
    )
    assert "boss@unicon.ltd" in output
    user = User.objects.get(email="boss@unicon.ltd")
    assert user.role == Role.ADMIN and user.is_staff
    login = anon.post("/api/auth/login", {"email": "boss@unicon.ltd", "password": STRONG})
    assert login.status_code == 200
    assert AuditEntry.objects.filter(action="user.create", object_id=str(user.pk)).exists()


@pytest.mark.parametrize("weak", ["short", "password1234", "boss@unicon.ltd!!"])
def test_createadmin_refuses_weak_passwords(weak):
    with pytest.raises(CommandError):
        run(
            "createadmin",
            "--email",
            "boss@unicon.ltd",
            "--full-name",
            "Boss",
            "--password-stdin",
            stdin=weak + "\n",
        )
    assert not User.objects.filter(email="boss@unicon.ltd").exists()


def test_createadmin_refuses_existing_email(make_user):
    make_user(email="taken@example.com")
    with pytest.raises(CommandError, match="exists"):
        run(
            "createadmin",
            "--email",
            "TAKEN@example.com",
            "--full-name",
            "X",
            "--password-stdin",
            stdin=STRONG + "\n",
        )


def test_long_passphrase_of_64_chars_is_accepted():
    run(
        "createadmin",
        "--email",
        "long@example.com",
        "--full-name",
        "Long",
        "--password-stdin",
        stdin="ghe nhua do xe tai cho container lanh qua cau Phu My luc nua dem!!"[:64] + "\n",
    )
    assert User.objects.filter(email="long@example.com").exists()


def test_deactivate_user_ends_tokens_at_once_and_is_idempotent(make_user, api_login):
    user = make_user(email="leaver@example.com")
    client = api_login(user)
    assert client.get("/api/auth/me").status_code == 200
    assert "deactivated" in run("deactivate-user".replace("-", "_"), "leaver@example.com")
    assert client.get("/api/auth/me").status_code == 401
    assert "already inactive" in run("deactivate_user", "leaver@example.com")
    relogin = ApiClient().post("/api/auth/login", {"email": user.email, "password": PASSWORD})
    assert relogin.status_code == 401
    assert AuditEntry.objects.filter(action="user.deactivate", object_id=str(user.pk)).exists()
    run("activate_user", "leaver@example.com")
    relogin = ApiClient().post("/api/auth/login", {"email": user.email, "password": PASSWORD})
    assert relogin.status_code == 200


@pytest.mark.parametrize("command", ["deactivate_user", "activate_user", "generate_reset_token"])
def test_unknown_email_fails_and_changes_nothing(command):
    before = AuditEntry.objects.count()
    with pytest.raises(CommandError, match="No user"):
        run(command, "ghost@example.com")
    assert AuditEntry.objects.count() == before


def test_set_password_ends_sessions(make_user, api_login, anon):
    user = make_user(email="someone@example.com")
    client = api_login(user)
    run("set_password", "someone@example.com", "--password-stdin", stdin=STRONG + "\n")
    assert client.get("/api/auth/me").status_code == 401
    assert (
        anon.post("/api/auth/login", {"email": user.email, "password": STRONG}).status_code == 200
    )


def _reset(path: str, password: str) -> Client:
    client = Client()
    page = client.get(path, follow=True)
    client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else path,
        {"new_password1": password, "new_password2": password},
    )
    return client


def test_reset_token_works_once(make_user, api_login, anon):
    user = make_user(email="reset@example.com")
    old_session = api_login(user)
    output = run("generate_reset_token", "reset@example.com")
    link, expiry = output.splitlines()[:2]
    assert expiry.startswith("Expires:")
    path = urlparse(link).path
    _reset(path, STRONG)
    assert (
        anon.post("/api/auth/login", {"email": user.email, "password": STRONG}).status_code == 200
    )
    assert old_session.get("/api/auth/me").status_code == 401
    _reset(path, "another long pass phrase")
    assert (
        anon.post(
            "/api/auth/login", {"email": user.email, "password": "another long pass phrase"}
        ).status_code
        == 401
    )


def test_reset_token_expires_after_24_hours(make_user, anon):
    user = make_user(email="late@example.com")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        path = urlparse(run("generate_reset_token", "late@example.com").splitlines()[0]).path
        clock.shift(timedelta(hours=24, minutes=1))
        _reset(path, STRONG)
    assert (
        anon.post("/api/auth/login", {"email": user.email, "password": STRONG}).status_code == 401
    )
    assert (
        anon.post("/api/auth/login", {"email": user.email, "password": PASSWORD}).status_code == 200
    )


def test_reset_via_api(make_user, anon):
    from django.core import mail

    user = make_user(email="api-reset@example.com")
    unknown = anon.post("/api/auth/password-reset", {"email": "nobody@example.com"})
    known = anon.post("/api/auth/password-reset", {"email": user.email})
    assert unknown.status_code == known.status_code == 202
    assert unknown.json() == known.json()
    assert len(mail.outbox) == 1
    uid, token = (
        urlparse(next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line))
        .path.strip("/")
        .split("/")[1:3]
    )
    body = {"uid": uid, "token": token, "password": STRONG}
    assert anon.post("/api/auth/password-reset/confirm", body).status_code == 200
    assert anon.post("/api/auth/password-reset/confirm", body).status_code == 400


def test_hyphenated_runbook_names_work_from_the_shell(tmp_path):
    """`unicon generate-reset-token EMAIL` as printed in the runbook (real process, own DB)."""
    env = {
        **os.environ,
        "UNICON_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/t.db",
    }
    unicon = [sys.executable, "-m", "unicon.cli"]
    subprocess.run([*unicon, "migrate", "-v0"], env=env, check=True, timeout=300)
    created = subprocess.run(
        [*unicon, "createadmin", "--email", "a@b.vn", "--full-name", "A", "--password-stdin"],
        input=STRONG + "\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert created.returncode == 0, created.stderr
    result = subprocess.run(
        [*unicon, "generate-reset-token", "a@b.vn"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0 and "/reset/" in result.stdout
    missing = subprocess.run(
        [*unicon, "deactivate-user", "nobody@b.vn"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert missing.returncode != 0 and "No user" in missing.stderr
