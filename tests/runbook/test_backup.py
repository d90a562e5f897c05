"""unicon backup / restore: round trips through the real CLI, refusals in-process."""

import io
import json
import tarfile

import pytest
from django.core.management import CommandError, call_command

from unicon.core.models import AuditEntry

COUNT_CODE = (
    "from unicon.runbook.backup import live_row_counts; import json; "
    "print(json.dumps(live_row_counts()))"
)


def _manifest(path):
    with tarfile.open(path, "r:gz") as archive:
        return json.load(archive.extractfile("manifest.json"))


def test_backup_round_trip_restores_identical_counts_and_media(scratch_cli, tmp_path):
    cli = scratch_cli
    cli("migrate", "-v0")
    cli(
        "createadmin",
        "--email",
        "root@example.com",
        "--full-name",
        "Root",
        "--password-stdin",
        stdin="a sturdy password 2026\n",
    )
    cli.shell(
        "from unicon.customers.models import Customer\n"
        "for i in range(3): Customer.objects.create(code=f'C{i}', name=f'Customer {i}')"
    )
    (cli.media / "pods").mkdir(parents=True)
    (cli.media / "pods" / "a.jpg").write_bytes(b"photo-a")
    before = json.loads(cli.shell(COUNT_CODE))
    archive = tmp_path / "out" / "backup.tar.gz"

    result = cli("backup", "--output", str(archive), "--with-media")
    assert "Backup written" in result.stdout
    manifest = _manifest(archive)
    assert manifest["tables"]["customers_customer"] == 3
    assert manifest["tables"]["accounts_user"] == 1
    assert set(manifest["media"]) == {"pods/a.jpg"}
    assert len(manifest["database"]["sha256"]) == 64
    assert {t: before[t] for t in manifest["tables"]} == manifest["tables"]

    # change data after the backup: more rows, a deleted row, a lost file
    cli.shell(
        "from unicon.customers.models import Customer\n"
        "Customer.objects.filter(code='C0').delete()\n"
        "for i in range(5): Customer.objects.create(code=f'N{i}', name=f'New {i}')"
    )
    (cli.media / "pods" / "a.jpg").unlink()

    refused = cli("restore", str(archive), check=False)
    assert refused.returncode != 0
    assert "--confirm" in refused.stderr

    restored = cli("restore", str(archive), "--confirm")
    assert "every count matches the manifest" in restored.stdout
    assert "MISMATCH" not in restored.stdout
    after = json.loads(cli.shell(COUNT_CODE))
    for table, count in manifest["tables"].items():
        if table != "core_auditentry":  # the restore itself is audited afterwards
            assert after[table] == count, table
    assert after["core_auditentry"] == manifest["tables"]["core_auditentry"] + 1
    codes = cli.shell(
        "from unicon.customers.models import Customer\n"
        "print(sorted(Customer.objects.values_list('code', flat=True)))"
    )
    assert codes.strip() == "['C0', 'C1', 'C2']"
    assert (cli.media / "pods" / "a.jpg").read_bytes() == b"photo-a"
    # the restored database still works: the admin can be found, migrations are complete
    assert "[X]" in cli("showmigrations", "ops").stdout


def test_backup_in_process_writes_manifest(tmp_path, media_root):
    (media_root / "x.txt").write_text("x")
    out = tmp_path / "b.tar.gz"
    stdout = io.StringIO()
    call_command("backup", "--output", str(out), stdout=stdout)
    manifest = _manifest(out)
    assert manifest["vendor"] in {"sqlite", "postgresql"}
    assert "accounts_user" in manifest["tables"]
    assert manifest["media"] is None
    assert AuditEntry.objects.filter(action="ops.backup").exists()


def test_restore_refuses_without_confirm(tmp_path):
    out = tmp_path / "b.tar.gz"
    call_command("backup", "--output", str(out), stdout=io.StringIO())
    with pytest.raises(CommandError, match="--confirm"):
        call_command("restore", str(out), stdout=io.StringIO())


def _rewrite(src, dst, member, change):
    with tarfile.open(src, "r:gz") as old, tarfile.open(dst, "w:gz") as new:
        for info in old.getmembers():
            data = old.extractfile(info).read() if info.isfile() else None
            if info.name == member:
                data = change(data)
                info.size = len(data)
            new.addfile(info, io.BytesIO(data) if data is not None else None)


def test_corrupt_backup_is_refused_before_touching_the_database(tmp_path):
    good = tmp_path / "good.tar.gz"
    call_command("backup", "--output", str(good), stdout=io.StringIO())
    dump = _manifest(good)["database"]["file"]
    bad = tmp_path / "bad.tar.gz"
    _rewrite(good, bad, dump, lambda data: data[:-10] + b"0123456789")
    with pytest.raises(CommandError, match="Checksum mismatch"):
        call_command("restore", str(bad), "--confirm", stdout=io.StringIO())


def test_tampered_manifest_and_garbage_are_refused(tmp_path):
    good = tmp_path / "good.tar.gz"
    call_command("backup", "--output", str(good), stdout=io.StringIO())

    def tamper(data):
        manifest = json.loads(data)
        manifest["database"]["sha256"] = "0" * 64
        return json.dumps(manifest).encode()

    bad = tmp_path / "bad.tar.gz"
    _rewrite(good, bad, "manifest.json", tamper)
    with pytest.raises(CommandError, match="Checksum mismatch"):
        call_command("restore", str(bad), "--confirm", stdout=io.StringIO())

    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"not a tar file at all")
    with pytest.raises(CommandError, match="Not a readable backup archive"):
        call_command("restore", str(garbage), "--confirm", stdout=io.StringIO())
