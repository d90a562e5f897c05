"""Load from a separate process: wrk with the Lua scripts of this folder, and the server's
JSON request log (SQL queries per request)."""

import json
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARKER = "BENCH_JSON "


@dataclass
class LoadResult:
    requests: int
    rps: float
    p50: float
    p95: float
    p99: float
    errors: int
    queries: str = "?"


def wrk(url: str, script: str, args: list[str], duration: int, connections: int) -> LoadResult:
    """Run wrk (1 thread, `connections` connections) and parse its done() JSON line."""
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(HERE / script),
        url,
        "--",
        *args,
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    line = next((x for x in out.splitlines() if x.startswith(MARKER)), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result:\n{out}")
    data = json.loads(line.removeprefix(MARKER))
    return LoadResult(
        requests=data["requests"],
        rps=data["rps"],
        p50=data["p50_us"] / 1000,
        p95=data["p95_us"] / 1000,
        p99=data["p99_us"] / 1000,
        errors=data["non2xx"] + data["socket_errors"],
    )


def queries_per_request(log: Path, offset: int) -> str:
    """SQL queries per request of the row's requests in the log after `offset` (those of its
    route: a late line of the previous row does not count): `6`, or `6-7` when they differ."""
    records = []
    with log.open("rb") as handle:
        handle.seek(offset)
        for raw in handle:
            if raw.startswith(b"{"):
                record = json.loads(raw)
                if record.get("logger") == "unicon.request":
                    records.append(record)
    if not records:
        return "?"
    route = Counter(r["route"] for r in records).most_common(1)[0][0]
    counts = [r["db_queries"] for r in records if r["route"] == route]
    low, high = min(counts), max(counts)
    return str(low) if low == high else f"{low}-{high}"
