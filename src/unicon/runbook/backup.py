"""Consistent backups and verified restores of the whole database (and optionally the media).

A backup is ONE `.tar.gz` file holding:

- `manifest.json`: format, creation time, database vendor, app version, row counts per
  table (taken from the same snapshot as the dump), the dump's sha256 and, with media, the
  sha256 of every media file;
- `database.sqlite3` (SQLite online backup API) or `database.pgdump` (`pg_dump -Fc`, run on
  a snapshot exported by a REPEATABLE READ transaction that also counts the rows);
- `media/<key>` when made with `--with-media`: every file of the CONFIGURED storage (the
  local folder or the S3 bucket of STORAGE_URL), each with its SHA-256 in the manifest.

Restore puts the media back into the configured storage and ends every session (sessions and
API tokens in the backup may have been revoked since).

Restore refuses a file whose checksums do not match before touching the database.
"""

import glob
import hashlib
import io
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from unicon import __version__
from unicon.accounts.models import User, UserSession
from unicon.core.errors import Conflict, ValidationFailed
from unicon.pods import storage
from unicon.runbook import outputs

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_DUMP = "database.sqlite3"
PG_DUMP = "database.pgdump"
MEDIA_DIR = "media"
CHUNK = 1024 * 1024


@dataclass
class RestoreResult:
    manifest: dict
    counts: dict[str, int]
    media_files: int
    sessions_ended: int = 0
    reactivated: list[str] = field(default_factory=list)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


# --- PostgreSQL helpers -------------------------------------------------------------------


def pg_binary(name: str) -> str:
    """`pg_dump`/`pg_restore`/`psql`: `PG_BIN_DIR` if set, else PATH, else the newest installed."""
    configured = getattr(settings, "PG_BIN_DIR", "")
    if configured:
        return str(Path(configured) / name)
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    if not candidates:
        raise Conflict(f"{name} not found: install the PostgreSQL client or set PG_BIN_DIR")
    return candidates[-1]


def pg_env(db: dict) -> dict[str, str]:
    """libpq environment for the configured database (the password never on a command line)."""
    env = dict(os.environ)
    for key, var in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _pg_connect(db: dict):
    import psycopg

    return psycopg.connect(
        dbname=db["NAME"],
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        autocommit=False,
    )


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- Row counts ---------------------------------------------------------------------------


def live_row_counts() -> dict[str, int]:
    """Rows per table of the live database (Django's connection)."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {t: conn.execute(f"SELECT COUNT(*) FROM {_quote(t)}").fetchone()[0] for t in tables}  # noqa: S608


# --- Backup ---------------------------------------------------------------------------------


def _dump_sqlite(target: Path) -> dict[str, int]:
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        if connection.in_atomic_block:
            # Inside our own open transaction (tests, a wrapping command) the backup API
            # would wait forever for our own lock: copy through SQL text instead.
            destination.executescript("\n".join(connection.connection.iterdump()))
        else:
            connection.connection.backup(destination)
        return _sqlite_counts(destination)
    finally:
        destination.close()


def _run_pg(tool: str, args: list[str], db: dict, failed: str) -> None:
    """Run the PostgreSQL client `tool` (pg_dump, pg_restore) with `args` against `db`;
    a failure raises `Conflict` "<failed>: <its stderr>"."""
    result = subprocess.run(  # noqa: S603
        [pg_binary(tool), *args], env=pg_env(db), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise Conflict(f"{failed}: {result.stderr.strip()[:2000]}")


def _dump_postgresql(target: Path) -> dict[str, int]:
    """pg_dump on a snapshot shared with the transaction that counts the rows."""
    db = connection.settings_dict
    conn = _pg_connect(db)
    try:
        with conn.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            args = ["--format=custom", "--no-owner", "--no-privileges"]
            args += [f"--snapshot={snapshot}", f"--file={target}"]
            _run_pg("pg_dump", args, db, "pg_dump failed")
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "ORDER BY tablename"
            )
            tables = [row[0] for row in cursor.fetchall()]
            counts = {}
            for table in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608
                counts[table] = cursor.fetchone()[0]
        conn.rollback()
        return counts
    finally:
        conn.close()


def _media_keys(store) -> list[str]:
    """Every file in the configured primary storage (a folder or an S3 bucket/prefix)."""
    keys: list[str] = []

    def walk(folder: str) -> None:
        try:
            dirs, files = store.listdir(folder)
        except FileNotFoundError:
            return
        keys.extend(posixpath.join(folder, name) if folder else name for name in files)
        for name in dirs:
            walk(posixpath.join(folder, name) if folder else name)

    walk("")
    return sorted(keys)


def _add_media(tar: tarfile.TarFile) -> dict[str, str]:
    """Copy every file of the configured storage into `tar`; returns {key: sha256}."""
    store = storage.primary()
    media: dict[str, str] = {}
    try:
        for key in _media_keys(store):
            with store.open(key, "rb") as handle:
                data = handle.read()
            media[key] = hashlib.sha256(data).hexdigest()
            info = tarfile.TarInfo(f"{MEDIA_DIR}/{key}")
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
    except (OSError, ValueError) as exc:
        raise Conflict(f"Cannot read the media from {storage.describe()}: {exc}") from exc
    return media


def create_backup(output: Path, *, with_media: bool = False, force: bool = False) -> dict:
    """Write the backup archive to `output` (checked first, written atomically; see
    `unicon.runbook.outputs`). With media, every file of the configured storage (local or S3)."""
    target = outputs.check_target(output, force=force)
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise Conflict(f"backup does not support the {vendor} database")
    with tempfile.TemporaryDirectory(prefix="unicon-backup-") as tmp:
        dump_name = SQLITE_DUMP if vendor == "sqlite" else PG_DUMP
        dump = Path(tmp) / dump_name
        counts = _dump_sqlite(dump) if vendor == "sqlite" else _dump_postgresql(dump)
        manifest = {
            "format": FORMAT,
            "createdAt": timezone.now().isoformat(),
            "vendor": vendor,
            "appVersion": __version__,
            "database": {
                "file": dump_name,
                "sha256": sha256_file(dump),
                "size": dump.stat().st_size,
            },
            "tables": counts,
            "totalRows": sum(counts.values()),
            "media": None,
        }
        with (
            outputs.atomic_output(target, force=force) as handle,
            tarfile.open(fileobj=handle, mode="w:gz") as archive,
        ):
            archive.add(dump, arcname=dump_name)
            if with_media:
                manifest["media"] = _add_media(archive)
                manifest["mediaStorage"] = storage.describe()
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
    return manifest


# --- Verify and restore -----------------------------------------------------------------------


def _extract(archive_path: Path, into: Path) -> dict:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise ValidationFailed(f"Not a readable backup archive: {exc}") from exc
    manifest_path = into / MANIFEST
    if not manifest_path.is_file():
        raise ValidationFailed("Not a backup archive: manifest.json is missing.")
    try:
        manifest = json.loads(manifest_path.read_text())
    except ValueError as exc:
        raise ValidationFailed(f"The manifest is not valid JSON: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise ValidationFailed(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def verify(archive_path: Path, into: Path) -> dict:
    """Extract and check every checksum; raise ValidationFailed on any mismatch."""
    manifest = _extract(Path(archive_path), into)
    database = manifest.get("database") or {}
    dump = into / str(database.get("file", ""))
    if not dump.is_file():
        raise ValidationFailed("The database dump is missing from the archive.")
    actual = sha256_file(dump)
    if actual != database.get("sha256"):
        raise ValidationFailed(
            f"Checksum mismatch for {dump.name}: manifest {database.get('sha256')}, file {actual}. "
            "The backup is corrupt; nothing was restored."
        )
    for name, expected in (manifest.get("media") or {}).items():
        path = into / MEDIA_DIR / name
        if not path.is_file() or sha256_file(path) != expected:
            raise ValidationFailed(
                f"Checksum mismatch for media file {name}; nothing was restored."
            )
    return manifest


def _restore_sqlite(dump: Path) -> None:
    name = str(connection.settings_dict["NAME"])
    connection.close()
    source = sqlite3.connect(dump)
    target = sqlite3.connect(name, timeout=30)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def _restore_postgresql(dump: Path) -> None:
    db = connection.settings_dict
    connection.close()
    args = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
    args += ["--exit-on-error", f"--dbname={db['NAME']}", str(dump)]
    _run_pg("pg_restore", args, db, "pg_restore failed (nothing changed)")


def _restore_media(source: Path, media: dict[str, str]) -> int:
    """Put every media file of the backup into the configured storage (local or S3), each
    read back and compared with the manifest's SHA-256."""
    store = storage.primary()
    for key, expected in sorted(media.items()):
        data = (source / key).read_bytes()
        if store.exists(key):
            if storage.sha256_of(store, key)[0] == expected:
                continue
            store.delete(key)
        saved = storage.write(store, key, data)
        if saved != key or storage.sha256_of(store, key)[0] != expected:
            raise Conflict(f"Writing media file {key} to {storage.describe()} did not verify.")
    return len(media)


def end_all_sessions() -> int:
    """Delete every session and API token: a restored database must not bring back access
    that was revoked after the backup was made."""
    sessions = UserSession.objects.all()
    count = sessions.count()
    sessions.delete()
    return count


def restore_backup(archive_path: Path, *, keep_mode: bool = True) -> RestoreResult:
    """Verify, then replace the database (and media) with the backup's content.

    The current maintenance/read-only mode is carried over the restore (the restored
    database holds the mode of the moment of the backup).
    """
    from unicon.runbook import modes

    with tempfile.TemporaryDirectory(prefix="unicon-restore-") as tmp:
        manifest = verify(Path(archive_path), Path(tmp))
        if manifest["vendor"] != connection.vendor:
            raise ValidationFailed(
                f"This is a {manifest['vendor']} backup; the configured database is "
                f"{connection.vendor}."
            )
        mode = modes.current(refresh=True) if keep_mode else None
        inactive = set(User.objects.filter(is_active=False).values_list("email", flat=True))
        dump = Path(tmp) / manifest["database"]["file"]
        if connection.vendor == "sqlite":
            _restore_sqlite(dump)
        else:
            _restore_postgresql(dump)
        media_files = 0
        if manifest.get("media") is not None:
            media_files = _restore_media(Path(tmp) / MEDIA_DIR, manifest["media"])
    counts = live_row_counts()
    sessions = end_all_sessions()
    reactivated = sorted(
        User.objects.filter(email__in=inactive, is_active=True).values_list("email", flat=True)
    )
    if mode is not None:
        modes.reapply(mode)
    return RestoreResult(
        manifest=manifest,
        counts=counts,
        media_files=media_files,
        sessions_ended=sessions,
        reactivated=reactivated,
    )
