"""A progress indicator for the POD lifecycle commands: a bar on a terminal, lines otherwise."""

import sys


def reporter(command, verb: str):
    stream = command.stderr._out if hasattr(command.stderr, "_out") else sys.stderr
    interactive = hasattr(stream, "isatty") and stream.isatty()

    def report(index: int, total: int, pod, outcome: str) -> None:
        if interactive:
            width = 30
            filled = int(width * index / max(total, 1))
            bar = "#" * filled + "-" * (width - filled)
            stream.write(f"\r{verb} [{bar}] {index}/{total}")
            if index == total:
                stream.write("\n")
            stream.flush()
        else:
            command.stdout.write(f"[{index}/{total}] {pod.storage_key} {outcome}")

    return report
