"""The archive lifecycle of rows AND files, through the real CLI (SQLite and PostgreSQL):
archive-old-data carries every file, the sweep keeps what archives refer to, restore brings
rows and files back exactly (full-row checksums per table), a restored POD stays restored,
missing files answer 410, dry runs verify like real runs."""

import json
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).with_name("drill_scripts.py")
ARCHIVED = ["SHP-2020-0001", "SHP-2020-0002"]


def action(cli, name: str):
    code = f"import runpy; runpy.run_path({str(SCRIPTS)!r}, run_name={name!r})"
    lines = cli("shell", "-v0", "-c", code).stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else None


@pytest.fixture
def seeded(scratch_cli):
    cli = scratch_cli
    cli.archive = cli.var_dir / "archive"
    cli("migrate", "-v0")
    action(cli, "seed")
    return cli


def archives(cli) -> list[Path]:
    return sorted(cli.archive.glob("shipments-*.tar.gz"))


def test_archive_keeps_files_and_restore_is_exact(seeded):
    cli = seeded
    env_archive = {"ARCHIVE_URL": f"file://{cli.archive}"}
    # the photos are already in cold storage (archive-pods + delete-old-pods): referenced
    cli("archive-pods", "--days", "90", extra_env=env_archive)
    cli("delete-old-pods", "--days", "90", "--confirm")
    before_rows = action(cli, "checksums")
    before_files = action(cli, "files")
    before_downloads = action(cli, "downloads")
    statuses = sorted(status for status, _ in before_downloads.values())
    assert statuses == [200] * 12 + [409] * 6  # cold photos: "ask operations to restore"
    assert len(before_files) == 12  # 3 × (2 photo thumbnails + document + its thumbnail)

    dry = cli("archive-old-data", "--days", "90", extra_env=env_archive).stdout
    assert "2 shipments would be archived" in dry and "files" in dry
    out = cli("archive-old-data", "--days", "90", "--confirm", extra_env=env_archive).stdout
    assert "Archived 2 shipments" in out and "files carried in the archive: 8" in out
    assert "referenced in cold storage: 4" in out
    assert len(archives(cli)) == 1
    remaining = action(cli, "files")
    assert sorted(remaining) == sorted(k for k in before_files if "0003" in k)  # live one only

    # the weekly sweep finds nothing to delete, and never an archived key
    sweep = cli("sweep-pod-files", "--confirm", "--min-age-minutes", "0").stdout
    assert "0 orphan file(s) deleted" in sweep

    # restore-pod of an archived shipment names the archive to restore first
    refused = cli(
        "restore-pod",
        "--file",
        "shp-2020-0001-1.jpg",
        "--shipment-id",
        "SHP-2020-0001",
        check=False,
    )
    assert refused.returncode == 1 and "restore-archived-data" in refused.stderr
    assert archives(cli)[0].name in refused.stderr

    restored = cli("restore-archived-data", archives(cli)[0].name, extra_env=env_archive).stdout
    assert "Restored 2 shipments" in restored and "files back in storage: 8" in restored
    assert "still in cold storage: 4" in restored
    assert action(cli, "checksums") == before_rows  # every value of every row, not counts
    assert action(cli, "files") == before_files  # byte for byte
    assert action(cli, "downloads") == before_downloads
    cli("restore-pod", "--file", "shp-2020-0001-1.jpg", "--shipment-id", "SHP-2020-0001")
    after = action(cli, "downloads")
    assert sorted(status for status, _ in after.values()) == [200] * 13 + [409] * 5


def test_sweep_spares_keys_of_archives_and_missing_file_is_410(seeded):
    cli = seeded
    env_archive = {"ARCHIVE_URL": f"file://{cli.archive}"}
    cli("archive-old-data", "--days", "90", "--confirm", extra_env=env_archive)
    # simulate a crash between the commit and the removal of the carried files
    stray = cli.media / "pods/2020/07/shp-2020-0001-1.jpg"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"left behind")
    orphan = cli.media / "pods/2020/07/nobody.jpg"
    orphan.write_bytes(b"orphan")
    out = cli("sweep-pod-files", "--confirm", "--min-age-minutes", "0").stdout
    assert "deleted pods/2020/07/nobody.jpg" in out and "1 orphan file(s) deleted" in out
    assert stray.exists() and not orphan.exists()

    (cli.media / "documents/2020/07/shp-2020-0003.pdf").unlink()
    downloads = action(cli, "downloads")
    gone = [path for path, (status, code) in downloads.items() if status == 410]
    assert len(gone) == 1 and downloads[gone[0]] == [410, "GONE"]
    assert all(status in (200, 410) for status, _ in downloads.values())


def test_restored_pod_stays_restored_and_dry_run_verifies(seeded):
    cli = seeded
    destination = f"file://{cli.var_dir / 'cold'}"
    cli("archive-pods", "--days", "90", "--destination", destination)
    deleted = cli("delete-old-pods", "--days", "90", "--confirm").stdout
    assert "Deleted 6 file(s)" in deleted
    key = "pods/2020/07/shp-2020-0003-1.jpg"
    cli("restore-pod", "--file", key, "--shipment-id", "SHP-2020-0003")
    again = cli("delete-old-pods", "--days", "90", "--confirm").stdout
    assert "Deleted 0 file(s)" in again
    assert (cli.media / key).exists()  # kept for a full retention period after its restore

    # a corrupt archive copy: the dry run reports exactly what the real run would do
    cli("restore-pod", "--file", "shp-2020-0003-2.jpg", "--shipment-id", "SHP-2020-0003")
    (cli.var_dir / "cold" / "pods/2020/07/shp-2020-0002-1.jpg").write_bytes(b"corrupt")
    cli(
        "shell",
        "-v0",
        "-c",
        "from unicon.pods.models import PodFile; PodFile.objects.update(restored_at=None, "
        "deleted_from_primary_at=None)",
    )
    dry = cli("delete-old-pods", "--days", "90", check=False)
    real = cli("delete-old-pods", "--days", "90", "--confirm", check=False)
    assert dry.returncode == real.returncode == 1
    assert "5 file(s) would be deleted" in dry.stdout and "Deleted 5 file(s)" in real.stdout
    assert "shp-2020-0002-1.jpg" in dry.stderr and "shp-2020-0002-1.jpg" in real.stderr


def test_archive_dry_run_checks_cold_copies_like_the_real_run(seeded):
    cli = seeded
    env_archive = {"ARCHIVE_URL": f"file://{cli.archive}"}
    cli("archive-pods", "--days", "90", extra_env=env_archive)
    cli("delete-old-pods", "--days", "90", "--confirm")
    (cli.archive / "pods/2020/07/shp-2020-0001-2.jpg").write_bytes(b"bit rot")
    dry = cli("archive-old-data", "--days", "90", extra_env=env_archive, check=False)
    real = cli("archive-old-data", "--days", "90", "--confirm", extra_env=env_archive, check=False)
    assert dry.returncode == real.returncode == 1
    for result in (dry, real):
        assert "shp-2020-0001-2.jpg" in result.stderr and "does not match" in result.stderr
    assert archives(cli) == []
    assert "Archived" not in real.stdout
