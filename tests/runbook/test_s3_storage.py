"""Media backups and data archives where the files are: S3 (moto's server), through the CLI.
(The drill covers the same with the AWS CLI; this runs without it, on both databases.)"""

from tests.pods.conftest import moto_endpoint, s3, s3_url  # noqa: F401  (shared moto fixtures)
from tests.runbook.test_archive_lifecycle import action


def test_media_backup_and_archive_on_s3(scratch_cli, s3, tmp_path):  # noqa: F811
    files, cold = s3.new_bucket("files"), s3.new_bucket("archive")
    env = {
        "STORAGE_URL": s3_url(s3, files),
        "ARCHIVE_URL": s3_url(s3, cold, "data"),
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    cli = scratch_cli
    cli.env = lambda base=cli.env: {**base(), **env}
    cli("migrate", "-v0")
    action(cli, "seed")
    before = {"rows": action(cli, "checksums"), "files": action(cli, "files")}
    assert len(before["files"]) == 18

    backup = tmp_path / "media.tar.gz"
    out = cli("backup", "--with-media", "--output", str(backup)).stdout
    assert f"18 media files from s3://{files}" in out

    archived = cli("archive-old-data", "--days", "90", "--confirm").stdout
    assert f"to s3://{cold}/data/shipments-" in archived
    name = archived.split(f"s3://{cold}/data/", 1)[1].split("?", 1)[0]
    assert len(action(cli, "files")) == 6
    cli("restore-archived-data", name)
    assert action(cli, "checksums") == before["rows"]
    assert action(cli, "files") == before["files"]

    for key in list(action(cli, "files")):
        s3.delete_object(Bucket=files, Key=key)
    restored = cli("restore", str(backup), "--confirm").stdout
    assert "and 18 media files" in restored
    assert action(cli, "files") == before["files"]
    assert action(cli, "checksums") == before["rows"]
