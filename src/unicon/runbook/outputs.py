"""Files written by `unicon` commands (backups, exports, archives): one rule for all of them.

* the path is checked BEFORE any work: not a folder, its folder exists (or can be created)
  and is writable, and an existing file is refused unless `force` (evidence and backups are
  never overwritten silently);
* the content goes to a temporary name in the same folder and is renamed over the target
  only when complete (`os.replace`, atomic on one file system), so a crash or an error
  leaves either the old file or nothing — never a half-written one;
* every problem is a `ValidationFailed` with one clear line (the commands exit 1 with it).
"""

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from unicon.core.errors import ValidationFailed


def check_target(path: str | os.PathLike, *, force: bool = False) -> Path:
    """The absolute target path, after checking it can be written; raises ValidationFailed."""
    target = Path(path).expanduser().absolute()
    if target.is_dir():
        raise ValidationFailed(f"{target} is a folder; give a file name.")
    if target.exists() and not force:
        raise ValidationFailed(f"{target} already exists; add --force to replace it.")
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValidationFailed(f"Cannot create the folder {folder}: {exc.strerror}.") from exc
    if not folder.is_dir():
        raise ValidationFailed(f"{folder} is not a folder.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValidationFailed(f"Cannot write to {folder}: permission denied.")
    return target


@contextlib.contextmanager
def atomic_output(
    path: str | os.PathLike, *, force: bool = False, text: bool = False
) -> Iterator[IO]:
    """Open a temporary file next to `path` for writing; on success it replaces `path`.

    `text=True` gives a UTF-8 text handle (newline untranslated, for CSV), else binary.
    On any exception the temporary file is removed and nothing is left behind.
    """
    target = check_target(path, force=force)
    try:
        fd, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".partial", dir=target.parent
        )
    except OSError as exc:
        raise ValidationFailed(f"Cannot write to {target.parent}: {exc.strerror}.") from exc
    try:
        mode = "w" if text else "wb"
        options = {"encoding": "utf-8", "newline": ""} if text else {}
        with os.fdopen(fd, mode, **options) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists() and not force:  # appeared while we were working
            raise ValidationFailed(f"{target} appeared meanwhile; add --force to replace it.")
        os.chmod(temporary, 0o640)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def add_force_argument(parser) -> None:
    """The `--force` option of every command that writes a file."""
    parser.add_argument(
        "--force", action="store_true", help="replace the output file if it already exists"
    )
