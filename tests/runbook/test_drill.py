"""The operations drill (docs/OPERATIONS.md › Drill) end to end: PostgreSQL, S3 on moto's
server, the AWS CLI; both cron lines of docs/DEPLOYMENT.md run EXACTLY as written (only the
host paths are moved into a scratch folder and cron's `\\%` is unescaped, as cron does) and the
worker's scheduled jobs run as its scheduler runs them (`unicon jobs run NAME`).

Data with photos (and thumbnails) and scanned documents; daily + weekly backups and jobs, then
the monthly archive; then `restore-archived-data` from the archive bucket and, as a disaster,
`restore` of the weekly media backup fetched back from the backup bucket into an emptied files
bucket.
Every row (full-row checksums per table) and every file (SHA-256) must come back."""

import json
import re
import shutil
import subprocess
import sys
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.pods.conftest import moto_endpoint, s3  # noqa: F401  (the shared moto fixtures)
from tests.runbook.conftest import PG_ADMIN_URL, _pg_available

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = Path(__file__).with_name("drill_scripts.py")
DEPLOYMENT = ROOT / "docs" / "DEPLOYMENT.md"
BUCKETS = ("unicon-files", "unicon-archive", "unicon-backups")


def cron_lines() -> list[str]:
    """The commands of the guide's /etc/cron.d/unicon block, in order."""
    text = DEPLOYMENT.read_text()
    block = re.search(r"```cron\n(.*?)```", text, re.S).group(1)
    lines = []
    for line in block.splitlines():
        if not line.strip() or line.startswith(("#", "SHELL=", "MAILTO=")):
            continue
        fields = line.split(None, 6)  # m h dom mon dow user command
        assert fields[5] == "unicon", line
        lines.append(fields[6].replace("\\%", "%"))
    return lines


def aws_reads_endpoint_variable() -> bool:
    """The AWS CLI is installed and new enough to honour AWS_ENDPOINT_URL (the only way to
    point the guide's unmodified `aws s3 cp` lines at a local S3)."""
    if not shutil.which("aws"):
        return False
    found = subprocess.run(["aws", "--version"], capture_output=True, text=True, check=False)
    match = re.search(r"aws-cli/(\d+)\.(\d+)", found.stdout + found.stderr)
    if not match:
        return False
    major, minor = int(match.group(1)), int(match.group(2))
    return (major, minor) >= ((1, 29) if major == 1 else (2, 13))


class Host:
    """A scratch copy of the guide's host layout: /srv/unicon, /etc/unicon, /srv/backups."""

    def __init__(self, root: Path, database_url: str, endpoint: str) -> None:
        self.root = root
        self.srv = root / "srv" / "unicon"
        self.env_file = root / "etc" / "unicon" / "unicon.env"
        self.backups = root / "srv" / "backups"
        self.home = root / "home"
        for folder in (self.srv, self.env_file.parent, self.backups, self.home / ".aws"):
            folder.mkdir(parents=True, exist_ok=True)
        (self.srv / ".venv").symlink_to(Path(sys.prefix))
        (self.home / ".aws" / "credentials").write_text(
            "[unicon-backup]\naws_access_key_id = backup\naws_secret_access_key = backup\n"
        )
        query = f"endpoint_url={endpoint}&region=us-east-1"
        self.env_file.write_text(
            "\n".join(
                f"{key}='{value}'"
                for key, value in {
                    "UNICON_ENV": "production",
                    "SECRET_KEY": "drill-" + "x" * 60,
                    "ALLOWED_HOSTS": "schedule.unicon.ltd,testserver",
                    "UNICON_VAR_DIR": str(self.srv / "var"),
                    "DATABASE_URL": database_url,
                    "STORAGE_URL": f"s3://unicon-files/prod?{query}",
                    "ARCHIVE_URL": f"s3://unicon-archive/prod?{query}",
                    "AWS_ACCESS_KEY_ID": "app",
                    "AWS_SECRET_ACCESS_KEY": "app",
                    "AWS_ENDPOINT_URL": endpoint,  # the AWS CLI's way to a local S3
                    "AWS_DEFAULT_REGION": "us-east-1",
                    "LOG_FORMAT": "plain",
                }.items()
            )
            + "\n"
        )

    def moved(self, command: str) -> str:
        return (
            command.replace("/srv/unicon", str(self.srv))
            .replace("/etc/unicon/unicon.env", str(self.env_file))
            .replace("/srv/backups", str(self.backups))
        )

    def bash(self, command: str, check: bool = True) -> subprocess.CompletedProcess:
        aws = shutil.which("aws")
        path = ":".join(p for p in (str(Path(aws).parent) if aws else "", "/usr/bin", "/bin") if p)
        result = subprocess.run(
            ["/bin/bash", "-c", self.moved(command)],
            env={"PATH": path, "HOME": str(self.home), "LANG": "C.UTF-8"},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"{command}\nexit {result.returncode}\n{result.stdout}\n{result.stderr}"
            )
        return result

    def unicon(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        quoted = " ".join("'" + a.replace("'", "'\\''") + "'" for a in args)
        return self.bash(
            "cd /srv/unicon && set -a && . /etc/unicon/unicon.env && set +a && "
            f".venv/bin/unicon {quoted}",
            check=check,
        )

    def action(self, name: str):
        code = f"import runpy; runpy.run_path({str(SCRIPTS)!r}, run_name={name!r})"
        lines = self.unicon("shell", "-v0", "-c", code).stdout.strip().splitlines()
        return json.loads(lines[-1]) if lines else None


@pytest.fixture
def host(tmp_path, moto_endpoint, s3):  # noqa: F811
    if not _pg_available():
        pytest.skip("PostgreSQL is not reachable")
    if not aws_reads_endpoint_variable():
        pytest.skip("needs the AWS CLI ≥ 1.29 / 2.13 (AWS_ENDPOINT_URL) for the backup lines")
    import psycopg

    urllib.request.urlopen(urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST"))
    for bucket in BUCKETS:
        s3.create_bucket(Bucket=bucket)
    name = f"unicon_drill_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{PG_ADMIN_URL}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        server = Host(tmp_path, f"{PG_ADMIN_URL}/{name}", moto_endpoint)
        server.s3 = s3
        yield server
    finally:
        with psycopg.connect(f"{PG_ADMIN_URL}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def keys(client, bucket: str) -> list[str]:
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return sorted(item["Key"] for page in pages for item in page.get("Contents", []))


def test_drill_cron_lines_then_restores_bring_everything_back(host):
    daily, weekly = cron_lines()  # the backups; the rest is the worker's schedule
    host.unicon("migrate", "-v0")
    host.action("seed")
    assert "s3://unicon-files/prod" in host.unicon("health").stdout  # the cron shell sees S3

    # nightly + weekly backups, copied to the backup bucket with the backup profile
    host.bash(daily)
    host.bash(weekly)
    at_backup = {"rows": host.action("checksums"), "files": host.action("files")}
    assert len(at_backup["files"]) == 18
    today = host.bash("date +%F").stdout.strip()  # the cron shell's date
    backups = keys(host.s3, "unicon-backups")
    assert backups == [f"daily/unicon-{today}.tar.gz", f"weekly/unicon-media-{today}.tar.gz"]
    refused = host.bash(daily, check=False)  # a second run the same day never overwrites
    assert refused.returncode != 0 and "already exists" in refused.stderr

    # the weekly file jobs: photos to cold storage, removed from primary, sweep
    for job in ("clear-sessions", "archive-pods", "delete-old-pods", "sweep-pod-files"):
        host.unicon("jobs", "run", job)
    assert len(keys(host.s3, "unicon-archive")) == 6  # the 6 photos, 120 days old
    before_archive = {
        "rows": host.action("checksums"),
        "files": host.action("files"),
        "downloads": host.action("downloads"),
    }
    assert len(before_archive["files"]) == 12

    # the monthly archive: to ARCHIVE_URL on S3, verified; the sweep then keeps its files
    out = host.unicon("jobs", "run", "archive-old-data").stdout
    assert out.startswith("archive-old-data: OK"), out  # recorded like a scheduled run
    archived = [k for k in keys(host.s3, "unicon-archive") if k.startswith("prod/shipments-")]
    assert len(archived) == 1
    assert "0 orphan file(s) deleted" in host.unicon("sweep-pod-files", "--confirm").stdout
    assert len(host.action("files")) == 4  # only the live shipment's files stay in primary

    # restore the archive from the archive bucket: rows and files exactly as before
    restored = host.unicon("restore-archived-data", archived[0].removeprefix("prod/")).stdout
    assert "Restored 2 shipments" in restored
    assert host.action("checksums") == before_archive["rows"]
    assert host.action("files") == before_archive["files"]
    assert host.action("downloads") == before_archive["downloads"]

    # disaster: the files bucket is emptied; restore the weekly media backup from S3
    for key in keys(host.s3, "unicon-files"):
        host.s3.delete_object(Bucket="unicon-files", Key=key)
    local = host.backups / "from-s3.tar.gz"
    weekly_copy = f"s3://unicon-backups/weekly/unicon-media-{today}.tar.gz"
    host.bash(
        "set -a && . /etc/unicon/unicon.env && set +a && "
        f"aws --profile unicon-backup s3 cp {weekly_copy} {local}"
    )
    result = host.unicon("restore", str(local), "--confirm")
    assert "every count matches the manifest" in result.stdout
    assert "Ended all" in result.stdout
    assert host.action("checksums") == at_backup["rows"]
    assert host.action("files") == at_backup["files"]
