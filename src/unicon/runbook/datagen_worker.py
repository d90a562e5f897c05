"""Entry points of `generate-data`'s worker processes.

Spawned workers start without Django: this module imports nothing from the project at load
time, sets Django up first, and only then unpickles the shared state (model instances).
"""

import pickle


def start(state: bytes) -> None:
    import django

    django.setup()
    from unicon.runbook import datagen

    datagen.init_worker(*pickle.loads(state))  # noqa: S301 - bytes from the parent process


def run(chunk):
    from unicon.runbook import datagen

    return datagen.build_chunk(chunk)
