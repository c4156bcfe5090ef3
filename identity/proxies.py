"""The client's address behind trusted proxies (load balancers), for login throttling (django-axes).

Each trusted proxy appends the address it received the request from to `X-Forwarded-For`; entries further left
were written by the client and can be anything. With `TRUSTED_PROXY_COUNT = n` the client is the n-th entry from the
right. Without proxies (n = 0), or when the header has fewer than n entries, it is the peer address (REMOTE_ADDR).
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    peer = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return peer
    entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [entry for entry in entries if entry]
    if len(entries) < count:
        return peer
    try:
        return str(ipaddress.ip_address(entries[-count]))
    except ValueError:
        return peer
