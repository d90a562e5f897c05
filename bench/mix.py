"""Throughput of a realistic mix: the requests/s one machine serves with p95 ≤ 200 ms.

70 % lists and detail, 20 % dispatch board and driver tasks, 10 % writes (status changes and
1 MB photo uploads), as the rows of `bench.scenarios` (same users, same targets). wrk runs
the mix at growing connection counts; the answer is the best req/s whose p95 stays within
the target. One status change uses one DRAFT shipment of the pool (never twice).
"""

from dataclasses import dataclass
from pathlib import Path

from bench.load import LoadResult, wrk
from bench.scenarios import Row
from bench.sqlprobe import BOUNDARY

P95_TARGET_MS = 200.0
LEVELS = (1, 2, 4, 8, 16)
STATUS_PER_SECOND = 40  # DRAFT shipments the mix may use per second of load (7 % of ~570/s)

#: (row name, share in %): 70 lists/detail, 20 board and driver tasks, 10 writes.
MIX = (
    ("shipment list", 20),
    ("list by status+date", 10),
    ("list by customer", 10),
    ("deep page (90%)", 5),
    ("search container", 10),
    ("shipment detail", 15),
    ("dispatch board", 5),
    ("driver tasks", 15),
    ("status change", 7),
    ("photo upload 1MB", 3),
)


@dataclass
class MixResult:
    connections: int
    result: LoadResult

    @property
    def within(self) -> bool:
        return self.result.p95 <= P95_TARGET_MS and self.result.errors == 0


def write_plan(path: Path, rows: list[Row], tokens: dict[str, str], upload_body: Path) -> None:
    """The plan file of mix.lua: one line per row of MIX with its share."""
    by_name = {row.name: row for row in rows}
    lines = []
    for name, share in MIX:
        row = by_name[name]
        token = tokens.get(row.user, "") if row.user else ""
        if row.kind == "status":
            method, body, kind = "PATCH", path.with_suffix(".status"), "application/json"
            body.write_text('{"operationStatus": "PENDING"}')
        elif row.kind == "upload":
            method, body = "POST", upload_body
            kind = f"multipart/form-data; boundary={BOUNDARY}"
        else:
            method, body, kind = "GET", None, "-"
        lines.append(f"{share}\t{method}\t{row.path}\t{token}\t{body or '-'}\t{kind}")
    assert sum(share for _, share in MIX) == 100
    path.write_text("\n".join(lines) + "\n")


def measure(base: str, plan: Path, ids: Path, duration: int) -> list[MixResult]:
    """The mix at each of LEVELS connections until p95 passes twice the target (or errors).
    Each level gets its own share of the DRAFT shipments in `ids`: a status change moves its
    shipment on, so a level re-using the previous level's would only be refused (409)."""
    pool = ids.read_text().split()
    share = max(1, len(pool) // len(LEVELS))
    results = []
    for level, connections in enumerate(LEVELS):
        level_ids = ids.with_name(f"{ids.stem}-{connections}{ids.suffix}")
        level_ids.write_text("\n".join(pool[level * share : (level + 1) * share] or ["-"]) + "\n")
        result = wrk(base, "mix.lua", [str(plan), str(level_ids)], duration, connections)
        results.append(MixResult(connections, result))
        if result.p95 > 2 * P95_TARGET_MS or result.errors:  # past the knee: stop
            break
    return results


def markdown(results: list[MixResult]) -> str:
    """The mix table and the best throughput within the target."""
    lines = [
        "| connections | req/s | p50 ms | p95 ms | p99 ms | errors | p95 ≤ 200 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for m in results:
        r = m.result
        lines.append(
            f"| {m.connections} | {r.rps:.0f} | {r.p50:.1f} | {r.p95:.1f} | {r.p99:.1f} | "
            f"{r.errors} | {'yes' if m.within else 'no'} |"
        )
    best = max((m.result.rps for m in results if m.within), default=0.0)
    lines.append("")
    lines.append(f"Best within p95 ≤ 200 ms: **{best:.0f} req/s**.")
    return "\n".join(lines)
