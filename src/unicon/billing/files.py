"""Receipt and payment-proof files: the POD app's content checks and private storage."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction

from unicon.pods import content, storage


@contextmanager
def stored(upload, folder: str) -> Iterator[tuple[str, content.Inspected]]:
    """Check `upload` (type sniffed, size limit, PDF integrity: `pods.content.inspect`), write
    it under `<folder>/yyyy/mm/`, yield (storage key, inspected file); if the block raises, the
    file is deleted again so a failed action leaves no orphan."""
    found = content.inspect(upload)
    store = storage.primary()
    key = storage.write(store, storage.new_key(folder, found.extension), found.data)
    try:
        yield key, found
    except BaseException:
        storage.delete_quietly(store, [key])
        raise


def delete_later(keys) -> None:
    """Delete files once the current transaction commits (nothing if it rolls back)."""
    keys = [k for k in keys if k]
    if keys:
        transaction.on_commit(lambda: storage.delete_quietly(storage.primary(), keys))
