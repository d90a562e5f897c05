"""The real worker: the outbox fills while no worker runs, a killed worker loses nothing, and
nothing is sent twice (`unicon worker` subprocesses against a scratch database)."""

import json
import os
import signal
import subprocess
import time

from tests.runbook.conftest import UNICON, scratch_cli  # noqa: F401  (fixture re-used)

SETUP = """
import datetime as dt
from django.utils import timezone
from unicon.accounts.services import create_user
from unicon.customers.models import Customer
from unicon.shipments.models import Shipment, Stop
pw = "correct horse battery staple"
company = Customer.objects.create(code="ACME", name="Acme")
owner = create_user(email="owner@acme.test", full_name="Owner", role="CUSTOMER_OWNER",
                    password=pw, customer=company)
for n in range(3):
    create_user(email=f"ops{n}@unicon.test", full_name=f"Ops {n}", role="OPS", password=pw)
start = timezone.now() + dt.timedelta(days=2)
shipment = Shipment.objects.create(number="SHP-2099-0001", customer=company,
    shipment_type="EXPORT", planned_start=start, planned_end=start + dt.timedelta(hours=8))
Stop.objects.create(shipment=shipment, sequence=1, stop_type="DEPOT", location_name="Depot",
    planned_arrival=start, planned_departure=start + dt.timedelta(hours=1))
"""

SUBMIT = """
from unicon.accounts.models import User
from unicon.shipments.models import Shipment
from unicon.shipments.services import change_status
owner = User.objects.get(email="owner@acme.test")
change_status(owner, Shipment.objects.get().public_id, operation_status="PENDING")
"""

OUTBOX = """
import json
from unicon.notifications.models import EmailDelivery
print(json.dumps(sorted(EmailDelivery.objects.values_list("status", flat=True))))
"""


def _wait(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.1)


def test_outbox_survives_stopped_and_killed_worker(scratch_cli, smtp_server, tmp_path):  # noqa: F811
    cli = scratch_cli
    cli("migrate", "-v0")
    env = {
        **cli.env(),
        "JOBS_IMMEDIATE": "false",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}",
        "NOTIFY_CLAIM_TIMEOUT_SECONDS": "2",
    }
    cli.env = lambda: env
    cli.shell(SETUP)
    workers = []

    def start_worker():
        log = open(tmp_path / f"worker{len(workers)}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [UNICON, "worker", "--threads", "1"], env=env, stdout=log, stderr=log
        )
        workers.append(process)
        return process

    def outbox() -> list[str]:
        return json.loads(cli.shell(OUTBOX))

    try:
        # 1. No worker: the business action succeeds; its fan-out waits in the queue (issue
        # 20: off the request path), then fills the outbox as soon as a worker runs.
        cli.shell(SUBMIT)
        assert outbox() == []
        assert smtp_server.messages == []

        # 2. A worker starts, sends one e-mail, is stuck on the second and is killed (-9).
        smtp_server.hold_after = 1
        first = start_worker()
        assert smtp_server.holding.wait(60)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        smtp_server.release.set()
        smtp_server.hold_after = None
        assert len(smtp_server.messages) == 1
        assert sorted(outbox()) == ["SENDING", "SENDING", "SENT"]  # one task held all three

        # 3. A new worker picks up the one it lost (after the claim timeout) and the rest.
        time.sleep(2.5)
        second = start_worker()
        _wait(lambda: len(smtp_server.messages) >= 3)
        _wait(lambda: outbox() == ["SENT"] * 3)

        # 4. Stopped gracefully and started again: nothing is sent twice.
        second.send_signal(signal.SIGTERM)
        assert second.wait(20) == 0 or second.returncode is not None
        third = start_worker()
        time.sleep(3)
        third.send_signal(signal.SIGTERM)
        third.wait(20)
        recipients = sorted(m["To"] for m in smtp_server.messages)
        assert recipients == [f"ops{n}@unicon.test" for n in range(3)]
        assert len({m["Message-ID"] for m in smtp_server.messages}) == 3
    finally:
        for process in workers:
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()
