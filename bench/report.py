"""The result table: plain text for stdout, Markdown (+ machine and data) for RESULTS.md."""

import os
import platform
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench.load import LoadResult
from bench.sqlprobe import Plan

TARGET_FACTOR = 1.5
PLAN_WIDTH = 90  # the slowest SELECT's shape, cut; the plans section has all in full
COLUMNS = [
    "row",
    "req/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "SQL/req",
    "errors",
    "floor ms",
    "data ms",
    "target ms",
    "ratio",
    "verdict",
    "plan",
]


@dataclass
class Measured:
    name: str
    load: LoadResult
    data_ms: float | None = None
    plans: list[Plan] = field(default_factory=list)

    def seq_scans(self) -> list[str]:
        return sorted({table for plan in self.plans for table in plan.seq_scans})

    def plan_cell(self) -> str:
        if not self.plans:
            return "-"
        main = max(self.plans, key=lambda plan: plan.ms).shape
        if len(main) > PLAN_WIDTH:
            main = main[: PLAN_WIDTH - 1] + "…"
        return flags(self.seq_scans()) + main


def flags(tables: list[str]) -> str:
    return "".join(f"SEQ SCAN on {table}; " for table in tables)


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def cells(row: Measured, floor: float) -> list[str]:
    load = row.load
    measured = [row.name, f"{load.rps:.0f}", _ms(load.p50), _ms(load.p95), _ms(load.p99)]
    measured += [load.queries, str(load.errors)]
    if row.data_ms is None:
        return [*measured, "-", "-", "-", "-", "-", row.plan_cell()]
    limit = floor + row.data_ms
    ratio = load.p50 / limit
    verdict = "OK" if ratio <= TARGET_FACTOR else "SLOW"
    return [
        *measured,
        _ms(floor),
        _ms(row.data_ms),
        _ms(TARGET_FACTOR * limit),
        f"{ratio:.2f}",
        verdict,
        row.plan_cell(),
    ]


def table_rows(rows: list[Measured]) -> list[list[str]]:
    """`rows[0]` is the framework floor (no data limit of its own)."""
    floor = rows[0].load.p50
    return [cells(row, floor) for row in rows]


def plain(rows: list[Measured]) -> str:
    body = table_rows(rows)
    widths = [max(len(line[i]) for line in [COLUMNS, *body]) for i in range(len(COLUMNS))]

    def fmt(line: list[str]) -> str:
        return "  ".join(
            cell.ljust(w) if i in (0, len(COLUMNS) - 1) else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([fmt(COLUMNS), rule, *(fmt(line) for line in body)])


def markdown_table(rows: list[Measured]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for line in table_rows(rows):
        escaped = [cell.replace("|", "\\|") for cell in line]
        lines.append("| " + " | ".join(escaped) + " |")
    return "\n".join(lines)


def plans_text(rows: list[Measured]) -> str:
    """Every captured SELECT's p50 and plan shape, per row."""
    lines = []
    for row in rows:
        if not row.plans:
            continue
        lines.append(f"{row.name}:")
        lines += [f"  {plan.ms:7.2f} ms  {flags(plan.seq_scans)}{plan.shape}" for plan in row.plans]
    return "\n".join(lines)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


@dataclass
class Context:
    """What RESULTS.md says besides the table."""

    command: str
    postgres: str
    counts: dict[str, int]
    settings: dict[str, str]


def markdown(rows: list[Measured], context: Context) -> str:
    machine = [
        f"- CPU: {_cpu_model()}, {os.cpu_count()} cores",
        f"- RAM: {_ram_gib()}",
        f"- PostgreSQL {context.postgres}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}",
    ]
    data = [f"- {table}: {count:,}" for table, count in context.counts.items()]
    settings = [f"- {key}: {value}" for key, value in context.settings.items()]
    return "\n".join(
        [
            "# Benchmark results",
            "",
            f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC  ",
            f"Command: `{context.command}`",
            "",
            "## Machine",
            *machine,
            "",
            "## Data",
            *data,
            "",
            "## Run",
            *settings,
            "",
            "## Results",
            "",
            markdown_table(rows),
            "",
            "## Plans (every SELECT of each row)",
            "",
            "```",
            plans_text(rows),
            "```",
            "",
        ]
    )
