"""Events → notifications → e-mails and webhooks, with one real worker (PostgreSQL + Redis).

    .venv/bin/python -m bench.notifications [--events 40] [--recipients 50] [--endpoints 10]

Customer requests are submitted (the real service, in a `unicon shell` subprocess); each one
notifies `--recipients` OPS users by e-mail. One `unicon worker` (Redis queue) sends them to a
local SMTP server (aiosmtpd) that records when it accepted each message; a second batch goes to
`--endpoints` webhook endpoints on a local receiver instead. Printed: notifications written per
second (the worker writes them after each commit: first business change → last row written),
e-mails accepted per second, the delay from the business change (the event's commit
time) to the SMTP server's acceptance (p50/p95) for a burst and for a paced batch (`--pace`
requests per second), webhook deliveries per second.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import redis

from bench import database
from bench.server import _free_port, production_env

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/unicon_bench_notify"
DEFAULT_REDIS = "redis://127.0.0.1:6379/5"

SETUP = """
import datetime as dt
from django.utils import timezone
from unicon.accounts.models import User
from unicon.customers.models import Customer
from unicon.shipments.models import Shipment, Stop
cfg = CFG
company = Customer.objects.create(code="BENCH", name="Bench Co")
owner = User.objects.create_user("owner@bench.test", "x" * 16, full_name="Owner",
                                 role="CUSTOMER_OWNER", customer=company)
ops = User.objects.bulk_create(
    User(email=f"ops{n}@bench.test", full_name=f"Ops {n}", role="OPS")
    for n in range(cfg["recipients"]))
start = timezone.now() + dt.timedelta(days=2)
for batch in ("mail", "paced", "hook"):
    for n in range(cfg["events"]):
        s = Shipment.objects.create(number=f"B-{batch}-{n:05d}", customer=company,
            shipment_type="EXPORT", planned_start=start, planned_end=start + dt.timedelta(hours=8))
        Stop.objects.create(shipment=s, sequence=1, stop_type="DEPOT", location_name="Depot",
            planned_arrival=start, planned_departure=start + dt.timedelta(hours=1))
"""

SUBMIT = """
import json, time
from unicon.accounts.models import User
from unicon.notifications.models import Notification, Preference, WebhookEndpoint
from unicon.notifications.signing import new_secret
from unicon.shipments.models import Shipment
from unicon.shipments.services import change_status
owner = User.objects.get(email="owner@bench.test")
if CFG["batch"] == "hook":
    Preference.objects.bulk_create(
        Preference(user=u, event_type="shipment.submitted", channel=ch, enabled=False)
        for u in User.objects.filter(role="OPS") for ch in ("email", "in_app"))
    admin = User.objects.create_user("admin@bench.test", "x" * 16, full_name="Admin", role="ADMIN")
    WebhookEndpoint.objects.bulk_create(
        WebhookEndpoint(owner=admin, url=CFG["hook_url"], secret=new_secret())
        for n in range(CFG["endpoints"]))
ids = list(Shipment.objects.filter(number__startswith=f"B-{CFG['batch']}-")
           .values_list("public_id", flat=True))
started = time.perf_counter()
for n, public_id in enumerate(ids):
    if CFG.get("pace"):  # events per second
        time.sleep(max(0, started + n / CFG["pace"] - time.perf_counter()))
    change_status(owner, public_id, operation_status="PENDING")
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds}))
"""

DELAYS = """
import json
from unicon.notifications.models import Notification
rows = Notification.objects.filter(event__params__number__startswith=CFG["prefix"]).values_list(
    "public_id", "event__created_at", "created_at")
print(json.dumps({"committed": {str(p): e.timestamp() for p, e, _ in rows},
                  "written": sorted(w.timestamp() for _, _, w in rows)}))
"""


class Sink:
    """Local SMTP server and webhook receiver, recording when they accepted each message."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.mail: dict[str, float] = {}
        self.hooks: list[float] = []
        sink = self

        class Mail:
            async def handle_DATA(self, server, session, envelope):
                for line in envelope.content.split(b"\r\n"):
                    if line.lower().startswith(b"message-id:"):
                        key = line.split(b"<notification-", 1)[1].split(b"@", 1)[0].decode()
                        sink.mail[key] = time.time()
                        break
                return "250 OK"

        class Hook(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                sink.hooks.append(time.time())
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.smtp_port = _free_port()
        self.smtp = Controller(Mail(), hostname="127.0.0.1", port=self.smtp_port)
        self.smtp.start()
        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
        self.hook_url = f"http://127.0.0.1:{self.http.server_address[1]}/hook"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.smtp.stop()
        self.http.shutdown()


def _shell(env: dict, code: str, cfg: dict) -> str:
    script = f"CFG = {json.dumps(cfg)!r}\nimport json as _j\nCFG = _j.loads(CFG)\n{code}"
    result = subprocess.run(  # noqa: S603
        [str(database.BIN / "unicon"), "shell", "-v0", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"unicon shell failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def _wait(count, target: int, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while count() < target:
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out: {count()} of {target} delivered")
        time.sleep(0.05)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(args: argparse.Namespace) -> list[tuple[str, str]]:
    url = database.check_url(args.database_url)
    database.drop(url)
    database.create(url)
    redis.Redis.from_url(args.redis_url).flushdb()
    sink = Sink()
    media = Path(tempfile.mkdtemp(prefix="unicon-bench-notify-"))
    env = {
        **os.environ,
        **production_env(url, media),
        "JOBS_REDIS_URL": args.redis_url,
        "REDIS_URL": args.redis_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{sink.smtp_port}",
        "WEBHOOK_ALLOW_PRIVATE": "true",
        "WEBHOOK_ALLOW_HTTP": "true",
        "LOG_LEVEL": "WARNING",
        "UNICON_VAR_DIR": str(media),
    }
    worker = None
    try:
        database.unicon(url, "migrate", "-v0")
        cfg = {"events": args.events, "recipients": args.recipients}
        _shell(env, SETUP, cfg)
        log = open(media / "worker.log", "w")  # noqa: SIM115
        worker = subprocess.Popen(  # noqa: S603
            [str(database.BIN / "unicon"), "worker", *args.worker_args.split()],
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        time.sleep(3)
        # The worker writes the notifications (after each commit), then sends them: wait for
        # every e-mail the batch must produce, not for what had been written when it ended.
        expected = args.events * args.recipients
        _shell(env, SUBMIT, {**cfg, "batch": "mail"})
        _wait(lambda: len(sink.mail), expected)
        burst = dict(sink.mail)
        burst_rows = json.loads(_shell(env, DELAYS, {**cfg, "prefix": "B-mail-"}))
        committed = burst_rows["committed"]
        burst_delays = [burst[key] - committed[key] for key in burst if key in committed]
        _shell(env, SUBMIT, {**cfg, "batch": "paced", "pace": args.pace})
        _wait(lambda: len(sink.mail), len(burst) + expected)
        committed = json.loads(_shell(env, DELAYS, {**cfg, "prefix": "B-paced-"}))["committed"]
        delays = [sink.mail[key] - committed[key] for key in sink.mail if key in committed]
        hooks_cfg = {**cfg, "batch": "hook", "endpoints": args.endpoints, "hook_url": sink.hook_url}
        _shell(env, SUBMIT, hooks_cfg)
        _wait(lambda: len(sink.hooks), args.events * args.endpoints)
    finally:
        if worker is not None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(30)
        sink.close()
        shutil.rmtree(media, ignore_errors=True)
    accepted = sorted(burst.values())
    written = burst_rows["written"]
    first_change = min(burst_rows["committed"].values())
    return [
        (
            f"notifications written by the worker ({args.events} requests × {args.recipients} "
            "OPS users, each with its e-mail row)",
            f"{len(written) / max(written[-1] - first_change, 1e-6):.0f} /s",
        ),
        (
            f"e-mails accepted by SMTP (1 worker: {args.worker_args}, Redis queue)",
            f"{len(accepted) / max(accepted[-1] - accepted[0], 1e-6):.0f} /s",
        ),
        (
            "delay business change → e-mail accepted, p50 / p95, all at once (burst above)",
            f"{_percentile(burst_delays, 0.5):.2f} s / {_percentile(burst_delays, 0.95):.2f} s",
        ),
        (
            f"delay business change → e-mail accepted, p50 / p95, {args.pace} requests/s "
            f"({args.pace * args.recipients} notifications/s)",
            f"{_percentile(delays, 0.5):.2f} s / {_percentile(delays, 0.95):.2f} s",
        ),
        (
            f"webhook deliveries to a local receiver ({args.events} events × "
            f"{args.endpoints} endpoints)",
            f"{len(sink.hooks) / max(sink.hooks[-1] - sink.hooks[0], 1e-6):.0f} /s",
        ),
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.notifications")
    parser.add_argument("--database-url", default=DEFAULT_URL, help="PostgreSQL only")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS, help="emptied first")
    parser.add_argument("--events", type=int, default=40)
    parser.add_argument("--recipients", type=int, default=50)
    parser.add_argument("--endpoints", type=int, default=10)
    parser.add_argument("--pace", type=float, default=2, help="requests/s of the paced batch")
    parser.add_argument("--worker-args", default="--threads 4", help="options of `unicon worker`")
    args = parser.parse_args(argv)
    rows = run(args)
    width = max(len(name) for name, _ in rows)
    print(f"{'notifications and webhooks'.ljust(width)}  result")
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")


if __name__ == "__main__":
    main(sys.argv[1:])
