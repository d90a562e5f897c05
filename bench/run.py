"""`make bench`: load every hot endpoint of the production server and compare it with the
framework floor and the data limit (bench/README.md).

    .venv/bin/python -m bench.run --shipments 20000 [--duration 2] [--markdown bench/RESULTS.md]
"""

import argparse
import shlex
import shutil
import signal
import sys
import tempfile
from pathlib import Path

import psycopg

from bench import database, load, mix, report, server, sqlprobe
from bench.scenarios import FLOOR_PATH, PASSWORD, USERS, WEB_USERS, Row, build_rows

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/unicon_bench"
SMALL_MODE_SHIPMENTS = 20_000
POOL_PER_SECOND = 300  # DRAFT shipments per second of the status row (more than it can do)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL, help="PostgreSQL only")
    parser.add_argument("--shipments", type=int, default=1_000_000)
    parser.add_argument("--regenerate", action="store_true", help="drop, recreate, regenerate")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument(
        "--duration", type=int, help=f"seconds per row (10; 2 up to {SMALL_MODE_SHIPMENTS:,})"
    )
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--replays", type=int, default=50, help="runs of each row's SQL")
    parser.add_argument("--markdown", type=Path, help="also write the table + machine here")
    parser.add_argument(
        "--mix", action="store_true", help="also the throughput of a realistic mix (bench/mix.py)"
    )
    parser.add_argument(
        "--only",
        type=lambda text: [word.strip().lower() for word in text.split(",") if word.strip()],
        default=[],
        help="only the rows whose name contains one of these comma-separated words "
        "(the floor is always measured; the mix still uses every row)",
    )
    args = parser.parse_args(argv)
    if args.duration is None:
        args.duration = 2 if args.shipments <= SMALL_MODE_SHIPMENTS else 10
    return args


def _chosen(row: Row, words: list[str]) -> bool:
    """Whether `--only` keeps `row` (every row when no words were given)."""
    return not words or any(word in row.name.lower() for word in words)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def data_limits(
    probe: sqlprobe.Probe,
    conn: psycopg.Connection,
    rows: list[Row],
    tokens: dict[str, str],
    draft_id: str,
    replays: int,
) -> dict[str, tuple[float, list[sqlprobe.Plan]]]:
    """Per row: p50 of its SQL replayed directly (ms) and the plans of its SELECTs."""
    limits = {}
    for row in rows:
        progress(f"data limit: {row.name}")
        statements = probe.capture(row, tokens.get(row.user), draft_id)
        timed = sqlprobe.replay(conn, statements, replays)
        plans = [
            sqlprobe.explain(conn, statement, ms)
            for statement, ms in zip(statements, timed.statement_ms, strict=True)
            if sqlprobe.is_select(statement)
        ]
        limits[row.name] = (timed.total_ms, plans)
    return limits


def wrk_args(row: Row, token: str, files: dict[str, Path]) -> tuple[str, list[str]]:
    if row.kind == "status":
        return "status.lua", [token, str(files["ids"])]
    if row.kind == "upload":
        content_type = f"multipart/form-data; boundary={sqlprobe.BOUNDARY}"
        return "request.lua", [token, "POST", str(files["body"]), content_type]
    return "request.lua", [token]


def measure(
    base: str, row: Row, token: str, files: dict[str, Path], args: argparse.Namespace
) -> load.LoadResult:
    progress(f"load: {row.name}")
    offset = files["log"].stat().st_size
    script, script_args = wrk_args(row, token, files)
    path = "/api/shipments" if row.kind == "status" else row.path
    result = load.wrk(base + path, script, script_args, args.duration, args.connections)
    result.queries = load.queries_per_request(files["log"], offset)
    return result


def run_rows(
    args: argparse.Namespace, url: str, tmp: Path, conn: psycopg.Connection
) -> list[report.Measured]:
    media = tmp / "media"
    media.mkdir()
    env = server.collect_static(server.production_env(url, media), tmp / "var")
    jpeg = sqlprobe.make_jpeg(tmp / "photo.jpg")
    files = {"log": tmp / "server.log", "ids": tmp / "ids.txt", "body": tmp / "upload.body"}
    files["body"].write_bytes(sqlprobe.multipart_body(jpeg))
    rows_pool = max(100, args.duration * POOL_PER_SECOND)
    mix_pool = args.duration * len(mix.LEVELS) * mix.STATUS_PER_SECOND if args.mix else 0
    with database.status_pool(url, rows_pool + mix_pool) as pool:
        files["ids"].write_text("\n".join(pool.public_ids[:rows_pool]) + "\n")
        files["mix_ids"] = tmp / "mix_ids.txt"
        files["mix_ids"].write_text("\n".join(pool.public_ids[rows_pool:] or ["-"]) + "\n")
        every_row = build_rows(database.find_targets(conn))
        rows = [row for row in every_row if _chosen(row, args.only)]
        probe = sqlprobe.Probe(
            {**env, "LOG_LEVEL": "WARNING", "REQUEST_LOG_LEVEL": "WARNING"}, jpeg
        )
        tokens = {key: probe.login(email, PASSWORD) for key, email in USERS.items()}
        tokens |= {key: probe.web_login(email, PASSWORD) for key, email in WEB_USERS.items()}
        limits = data_limits(probe, conn, rows, tokens, pool.public_ids[0], args.replays)
        probe.close()
        pods_before = database.last_pod_id(conn)
        try:
            with server.running(env, args.workers, files["log"]) as base:
                server.warm_up(base, [FLOOR_PATH, "/api/health"], times=4 * args.workers)
                floor = Row("framework floor", FLOOR_PATH, user=None)
                measured = [report.Measured(floor.name, measure(base, floor, "", files, args))]
                for row in rows:
                    result = measure(base, row, tokens.get(row.user, ""), files, args)
                    measured.append(report.Measured(row.name, result, *limits[row.name]))
                if args.mix:
                    progress("load: mix")
                    mix.write_plan(tmp / "mix.plan", every_row, tokens, files["body"])
                    args.mix_results = mix.measure(
                        base, tmp / "mix.plan", files["mix_ids"], args.duration
                    )
        finally:
            database.delete_pods_after(conn, pods_before, media)
    return measured


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # so every clean-up (server, pool, files) runs


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    args = parse_args(argv)
    url = database.check_url(args.database_url)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    progress(f"database {database.database_name(url)}: migrate, data for {args.shipments:,}")
    database.prepare(url, args.shipments, regenerate=args.regenerate)
    with database.connect(url) as conn, tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        measured = run_rows(args, url, Path(tmp), conn)
        print(report.plain(measured))
        print()
        print(report.plans_text(measured))
        mixed = mix.markdown(args.mix_results) if args.mix else ""
        print(mixed)
        if args.markdown:
            context = report.Context(
                command=shlex.join(["python", "-m", "bench.run", *(argv or sys.argv[1:])]),
                postgres=database.server_version(conn),
                counts=database.row_counts(conn),
                settings={
                    "shipments requested": f"{args.shipments:,}",
                    "load": f"wrk -t1 -c{args.connections} -d{args.duration}s per row",
                    "server": f"gunicorn unicon.wsgi, {args.workers} workers",
                    "data limit": f"p50 of up to {args.replays} replays of each row's SQL",
                },
            )
            text = report.markdown(measured, context)
            if mixed:
                text += f"\n## Mix (bench/mix.py)\n\n{mixed}\n"
            args.markdown.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
