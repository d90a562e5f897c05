"""The client's address behind `TRUSTED_PROXY_COUNT` reverse proxies.

django-ipware is not installed, so axes (and with it the request context: logs, audit,
lock-outs) fell back to `REMOTE_ADDR`, which behind nginx is nginx's own address for every
client. `AXES_CLIENT_IP_CALLABLE` points here: with N trusted proxies that each append the
address they saw to `X-Forwarded-For` (nginx: `$proxy_add_x_forwarded_for`), the client is the
N-th entry from the right; entries further left were sent by the client and are not trusted.
Without proxies (the default) it is `REMOTE_ADDR`, as before.

`X-Forwarded-For` is believed only on a connection FROM a configured proxy:
`TRUSTED_PROXY_ADDRESSES` (addresses or networks; default the loopback addresses) or a unix
socket (no peer address: only local processes can connect). A client that reaches gunicorn's
TCP port directly is judged by its own address, whatever header it sends.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _from_trusted_proxy(remote: str | None) -> bool:
    if not remote:
        return True  # a unix socket
    try:
        peer = ipaddress.ip_address(remote)
    except ValueError:
        return False
    for entry in getattr(settings, "TRUSTED_PROXY_ADDRESSES", ["127.0.0.1", "::1"]):
        try:
            if peer in ipaddress.ip_network(entry.strip(), strict=False):
                return True
        except ValueError:
            continue
    return False


def client_address(request: HttpRequest) -> str | None:
    """The client's address: the N-th `X-Forwarded-For` entry from the right when the
    connection comes from a trusted proxy, else the peer address (`REMOTE_ADDR`)."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0
    if proxies <= 0 or not _from_trusted_proxy(remote):
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [h for h in hops if h]
    if len(hops) < proxies:
        return remote
    candidate = hops[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
