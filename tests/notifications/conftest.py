"""Real receivers for the notification tests: an SMTP server (aiosmtpd) and an HTTP webhook
receiver, both on 127.0.0.1, started by the test and read back by it."""

import asyncio
import email
import email.policy
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.dispatch.conftest import (  # noqa: F401  (fixtures re-used)
    dispatcher,
    dispatcher_api,
    entity,
    fleet,
    make_driver,
    make_shipment,
    make_vehicle,
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """What the SMTP server accepted (one parsed message per accepted DATA).

    `hold_after = n` makes the server stall (before answering MAIL FROM) once n messages are
    accepted, until `release` is set: a sender is then stuck mid-send, as on a slow server."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.hold_after: int | None = None
        self.holding = threading.Event()
        self.release = threading.Event()
        self.port = 0

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.hold_after is not None and len(self.messages) >= self.hold_after:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(parsed)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1:<inbox.port>."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    inbox.port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    yield inbox
    inbox.release.set()
    controller.stop()


@pytest.fixture
def smtp(settings, smtp_server):
    """Django's mail in this process goes to the real SMTP server."""
    inbox, port = smtp_server, smtp_server.port
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    return inbox


class Receiver:
    """A webhook receiver: records each request; answers `status` (and `location`)."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict, bytes]] = []
        self.status = 204
        self.location = ""
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                receiver.requests.append((dict(self.headers), self.rfile.read(length)))
                self.send_response(receiver.status)
                if receiver.location:
                    self.send_header("Location", receiver.location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    settings.WEBHOOK_ALLOW_HTTP = True
    found = Receiver()
    yield found
    found.server.shutdown()
    found.server.server_close()


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
