"""Who is asking: the client address every per-visitor limit is keyed by.

The socket's peer, unless that peer is one of ``trusted_proxies``: then ``X-Forwarded-For`` is
read from the right, skipping trusted proxies, and the first other address is the client. A
header from anyone else is ignored, so a visitor cannot pose as another (uvicorn's own
proxy-header handling is off: it trusts 127.0.0.1 by default, whatever stands in front).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from fastapi import Request

from search_api.deps import get_settings

__all__ = ["client_address", "from_trusted_proxy"]

_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=16)
def _networks(trusted: tuple[str, ...]) -> tuple[_Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in trusted)


def _trusted(address: str, networks: tuple[_Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def from_trusted_proxy(request: Request) -> bool:
    """Whether the request came straight from one of ``trusted_proxies`` (so its headers are the proxy's)."""
    peer = request.client.host if request.client else ""
    networks = _networks(get_settings(request).trusted_proxies)
    return bool(networks) and _trusted(peer, networks)


def client_address(request: Request) -> str:
    """The visitor's address (see the module docstring); ``unknown`` when the server gives none."""
    peer = request.client.host if request.client else "unknown"
    networks = _networks(get_settings(request).trusted_proxies)
    if not networks or not _trusted(peer, networks):
        return peer
    hops = [hop.strip() for header in request.headers.getlist("x-forwarded-for") for hop in header.split(",")]
    for hop in reversed(hops):
        if not hop:
            continue
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return peer  # a forged or garbled chain: the proxy itself is all that is known
        if not _trusted(hop, networks):
            return hop
    return peer
