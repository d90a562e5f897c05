"""Every command that writes a file: refuses an existing file unless --force, checks the path
before working, writes atomically, one-line errors with exit ≠ 0. Export-audit by subject;
a restore ends every session. Through the real CLI."""

import json
import re

import pytest

PASSWORD = "Output-files-2026!"


def one_line_error(result) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def cli(scratch_cli):
    scratch_cli("migrate", "-v0")
    return scratch_cli


def test_backup_output_rules(cli, tmp_path):
    out = tmp_path / "bk.tar.gz"
    cli("backup", "--output", str(out))
    first = out.read_bytes()
    refused = cli("backup", "--output", str(out), check=False)
    assert "already exists; add --force" in one_line_error(refused)
    assert out.read_bytes() == first
    cli("backup", "--output", str(out), "--force")
    assert out.read_bytes() != first

    folder = tmp_path / "folder"
    folder.mkdir()
    assert "is a folder" in one_line_error(cli("backup", "--output", str(folder), check=False))
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = cli("backup", "--output", str(locked / "x.tar.gz"), check=False)
    if result.returncode != 0:  # root ignores folder permissions
        assert "Cannot write" in one_line_error(result)
    leftovers = [p.name for p in tmp_path.rglob("*partial*")]
    assert leftovers == []


def test_export_audit_output_and_subject(cli, tmp_path):
    cli(
        "createadmin",
        "--email",
        "boss@example.com",
        "--full-name",
        "Boss",
        "--password-stdin",
        stdin=PASSWORD + "\n",
        check=False,
    )
    cli(
        "shell",
        "-v0",
        "-c",
        "from unicon.accounts import services; from unicon.core.roles import Role;"
        "from unicon.core import audit;"
        f"u = services.create_user(email='eve@example.com', full_name='Eve', role=Role.OPS,"
        f" password={PASSWORD!r});"
        "services.force_password_reset(u);"
        "audit.log('auth.login_failed', extra={'email': 'eve@example.com'});"
        "audit.log('auth.lockout', extra={'email': 'eve@example.com', 'ip': '10.0.0.9'});"
        "audit.log('test.done_by_eve', actor=u)",
    )
    target = tmp_path / "eve.jsonl"
    cli("export-audit", "--user", "eve@example.com", "--output", str(target))
    actions = [json.loads(line)["action"] for line in target.read_text().splitlines()]
    for action in (
        "user.create",
        "user.force_password_reset",
        "auth.login_failed",
        "auth.lockout",
        "test.done_by_eve",
    ):
        assert action in actions, action
    refused = cli("export-audit", "--user", "eve@example.com", "--output", str(target), check=False)
    assert "already exists" in one_line_error(refused)
    actor = tmp_path / "actor.jsonl"
    cli("export-audit", "--user", "eve@example.com", "--actor", "--output", str(actor))
    assert [json.loads(x)["action"] for x in actor.read_text().splitlines()] == ["test.done_by_eve"]
    subject = tmp_path / "subject.jsonl"
    cli("export-audit", "--user", "eve@example.com", "--subject", "-o", str(subject))
    assert "test.done_by_eve" not in subject.read_text()
    unknown = cli("export-audit", "--user", "nobody@example.com", check=False)
    assert "No user with the e-mail nobody@example.com" in one_line_error(unknown)
    folder = cli("export-audit", "--output", str(tmp_path), check=False)
    assert "is a folder" in one_line_error(folder)


def test_restore_ends_every_session(cli, tmp_path):
    code = (
        "from unicon.accounts import services; from unicon.core.roles import Role;"
        f"u = services.create_user(email='ann@example.com', full_name='Ann', role=Role.OPS,"
        f" password={PASSWORD!r});"
        "from django.test import Client;"
        "r = Client().post('/api/auth/login', {'email': 'ann@example.com', 'password': "
        f"{PASSWORD!r}}}, content_type='application/json'); print(r.json()['token'])"
    )
    token = cli("shell", "-v0", "-c", code).stdout.strip().splitlines()[-1]
    backup = tmp_path / "before.tar.gz"
    cli("backup", "--output", str(backup))
    cli(
        "shell",
        "-v0",
        "-c",
        "from unicon.accounts.models import User; from unicon.accounts import services;"
        "services.deactivate_user(User.objects.get(email='ann@example.com'))",
    )
    restored = cli("restore", str(backup), "--confirm")
    ended = re.search(r"Ended all (\d+) sessions and API tokens", restored.stdout)
    assert ended and int(ended.group(1)) >= 1, restored.stdout
    assert "ann@example.com" in restored.stderr  # deactivated since the backup: named
    probe = (
        "from django.test import Client;"
        f"print(Client().get('/api/auth/me', headers={{'Authorization': 'Bearer {token}'}})"
        ".status_code)"
    )
    assert cli("shell", "-v0", "-c", probe).stdout.strip().splitlines()[-1] == "401"
