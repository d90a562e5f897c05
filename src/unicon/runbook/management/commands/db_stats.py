import argparse
import json

from unicon.core.commands import ServiceCommand
from unicon.runbook import dbstats


def human(size) -> str:
    if size is None:
        return "-"
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return str(size)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of 1 or more, not {value!r}")
    return number


class Command(ServiceCommand):
    help = (
        "Database insight: size, table sizes and row counts, index usage, connections and "
        "the slowest queries (pg_stat_statements when installed). A subset on SQLite."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="machine-readable output")
        parser.add_argument(
            "--exact", action="store_true", help="exact row counts (PostgreSQL: COUNT(*))"
        )
        parser.add_argument(
            "--top", type=_positive, default=dbstats.TOP, help="slow queries to show (1 or more)"
        )

    def handle(self, *args, **options):
        report = dbstats.collect(exact=options["exact"], top=options["top"])
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2, default=str))
            return
        w = self.stdout.write
        w(f"Database ({report['vendor']}): {human(report['databaseBytes'])}")
        estimate = " (estimates; --exact to count)" if report["rowsAreEstimates"] else ""
        w(f"\nTables by size{estimate}:")
        w(f"  {'table':<40} {'rows':>10} {'total':>10} {'indexes':>10}")
        for t in report["tables"]:
            w(
                f"  {t['table']:<40} {t['rows']!s:>10} {human(t['total_bytes']):>10} "
                f"{human(t['index_bytes']):>10}"
            )
        w("\nIndexes (least used first):")
        for i in report["indexes"][:30]:
            scans = "-" if i["scans"] is None else i["scans"]
            w(f"  {i['table'] + '.' + i['index']:<70} {scans!s:>8} scans {human(i['bytes']):>10}")
        if report["connections"]:
            c = report["connections"]
            w(
                f"\nConnections: {c['used']} used ({c['idle']} idle) of {c['max']}, "
                f"{c['reserved']} reserved, {c['available']} available"
            )
        if report["slowQueries"]:
            w("\nSlowest queries (mean ms, calls):")
            for q in report["slowQueries"]:
                w(f"  {q['mean_ms']:>10} {q['calls']:>8}  {' '.join(q['query'].split())[:150]}")
        for note in report["notes"]:
            w(f"\nNote: {note}")
