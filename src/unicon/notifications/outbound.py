"""Outbound HTTP for webhooks that cannot be turned against the internal network.

The host is resolved once; every address it resolves to must be public (not private,
loopback, link-local, multicast, reserved or unspecified) unless `WEBHOOK_ALLOW_PRIVATE`
(tests, a private integration network); the connection goes to that checked address (no
second lookup a DNS rebinding could change). Redirects are never followed (a 3xx is a failed
attempt), the response body is read up to `WEBHOOK_MAX_RESPONSE_BYTES`, and connect and read
each time out after `WEBHOOK_TIMEOUT_SECONDS`.
"""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings


class Refused(Exception):
    """The URL may not be called (scheme, address); retrying will not help."""


@dataclass
class Response:
    status: int
    body: bytes


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path) of an acceptable URL; Refused otherwise (no lookup)."""
    parts = urlsplit(url)
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise Refused("only http(s) URLs with a host")
    if parts.scheme == "http" and not settings.WEBHOOK_ALLOW_HTTP:
        raise Refused("https is required")
    if parts.username or parts.password:
        raise Refused("credentials in the URL are not allowed")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port, path


def resolve(host: str, port: int) -> str:
    """The address to connect to; Refused if not public, OSError if it does not resolve."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:  # may be transient: an OSError, retried
        raise OSError(f"cannot resolve {host}: {exc}") from exc
    addresses = [info[4][0] for info in infos]
    if not settings.WEBHOOK_ALLOW_PRIVATE:
        blocked = [a for a in addresses if not _public(a)]
        if blocked:
            raise Refused(f"{host} resolves to a non-public address ({blocked[0]})")
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, address: str, host: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, address: str, host: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str]) -> Response:
    """POST `body` to `url`; Refused (address/scheme) or OSError (network) on failure."""
    scheme, host, port, path = check_url(url)
    address = resolve(host, port)
    timeout = settings.WEBHOOK_TIMEOUT_SECONDS
    cls = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    connection = cls(address, host, port, timeout)
    try:
        connection.request(
            "POST",
            path,
            body=body,
            headers={
                **headers,
                "Content-Type": "application/json",
                "User-Agent": "Unicon-Schedule-Webhooks/1",
            },
        )
        response = connection.getresponse()
        data = response.read(settings.WEBHOOK_MAX_RESPONSE_BYTES)
        return Response(response.status, data)
    finally:
        connection.close()
