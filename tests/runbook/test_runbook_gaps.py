"""Smaller runbook gaps through the real CLI: db-maintenance, db-stats --top, the reset link
names the public id, the guide's env file reads the same in bash and systemd, the README lists
every configuration variable the code reads."""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli(scratch_cli):
    scratch_cli("migrate", "-v0")
    return scratch_cli


@pytest.mark.parametrize("operation", ["analyze", "vacuum", "reindex"])
def test_db_maintenance_reports_progress_and_timing(cli, operation):
    out = cli("db-maintenance", operation).stdout
    assert f"{operation.upper()} of" in out
    assert re.search(r"\[1/\d+\] .+ +\d+\.\d{3} s", out)
    assert re.search(r"Done in \d+\.\d\d s\.", out)


def test_db_stats_top_must_be_positive_and_reset_link_uses_the_public_id(cli):
    refused = cli("db-stats", "--top", "-1", check=False)
    assert refused.returncode == 2 and "must be a whole number of 1 or more" in refused.stderr
    cli(
        "shell",
        "-v0",
        "-c",
        "from unicon.accounts import services; from unicon.core.roles import Role;"
        "services.create_user(email='rae@example.com', full_name='Rae', role=Role.OPS,"
        " password='Reset-link-2026!')",
    )
    public_id = cli(
        "shell",
        "-v0",
        "-c",
        "from unicon.accounts.models import User;"
        "print(User.objects.get(email='rae@example.com').public_id.hex)",
    ).stdout.strip()
    out = cli("generate-reset-token", "rae@example.com").stdout
    assert f"/reset/{public_id}/" in out
    assert "stops working earlier if the user logs in" in out


def test_guide_env_file_reads_the_same_in_bash_and_systemd(tmp_path):
    guide = (ROOT / "docs" / "DEPLOYMENT.md").read_text()
    block = re.search(r"### 1\.1 .*?```ini\n(.*?)```", guide, re.S).group(1)
    expected = {}
    for line in block.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, value = line.partition("=")
        assert re.fullmatch(r"'[^']*'", value), f"not single-quoted: {line}"
        expected[key] = value[1:-1]  # what systemd's EnvironmentFile= makes of it
    env_file = tmp_path / "unicon.env"
    example = "s3://unicon-files/prod?endpoint_url=https://s3.example.vn&region=hn-1"
    env_file.write_text(block.replace("s3://unicon-files/prod?region=ap-southeast-1", example))
    expected["STORAGE_URL"] = example
    shell = subprocess.run(
        ["/bin/bash", "-c", f"set -a; . {env_file}; set +a; env -0"],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    seen = dict(item.split("=", 1) for item in shell.stdout.split("\0") if "=" in item)
    for key, value in expected.items():
        assert seen.get(key) == value, key


def test_readme_lists_every_configuration_variable():
    pattern = re.compile(
        r"env\.(?:str|int|bool|list|float|db_url|email_url)\(\s*\"([A-Z0-9_]+)\""
        r"|os\.environ(?:\.get)?[\(\[]\"([A-Z0-9_]+)\""
    )
    names = set()
    for path in (ROOT / "src").rglob("*.py"):
        for match in pattern.finditer(path.read_text()):
            names.add(match.group(1) or match.group(2))
    readme = (ROOT / "README.md").read_text()
    missing = sorted(n for n in names if not re.search(rf"\b{n}\b", readme))
    assert missing == []


LAN_PROBE = (
    "from django.test import Client; import json; c = Client(enforce_csrf_checks=True);"
    "page = c.get('/login/', HTTP_HOST='192.168.1.10');"
    "token = page.cookies['csrftoken'].value;"
    "login = c.post('/login/', {'username': 'lan@example.com', 'password': 'Lan-trial-2026!',"
    " 'csrfmiddlewaretoken': token}, HTTP_HOST='192.168.1.10');"
    "print(json.dumps([page.status_code, page.cookies['csrftoken']['secure'],"
    " login.status_code, login.cookies['unicon_session']['secure']]))"
)


def test_lan_trial_over_plain_http(tmp_path):
    from tests.runbook.conftest import Cli

    cli = Cli(f"sqlite:///{tmp_path / 'lan.sqlite3'}", tmp_path)
    env = {
        "UNICON_ENV": "production",
        "SECRET_KEY": "lan-" + "y" * 60,
        "ALLOWED_HOSTS": "192.168.1.10",
        "CSRF_TRUSTED_ORIGINS": "http://192.168.1.10",
        "ALLOW_PLAIN_HTTP": "true",
    }
    cli("migrate", "-v0", extra_env=env)
    cli("collectstatic", "--noinput", "-v0", extra_env=env)
    static = tmp_path / "static"
    assert list(static.rglob("*.css.br")) and list(static.rglob("*.css.gz"))  # as the guide says
    cli(
        "shell",
        "-v0",
        "-c",
        "from unicon.accounts import services; from unicon.core.roles import Role;"
        "services.create_user(email='lan@example.com', full_name='Lan', role=Role.OPS,"
        " password='Lan-trial-2026!')",
        extra_env=env,
    )
    out = cli("shell", "-v0", "-c", LAN_PROBE, extra_env=env).stdout.strip().splitlines()[-1]
    assert out == '[200, "", 302, ""]'  # no HTTPS redirect, cookies without Secure, logged in
