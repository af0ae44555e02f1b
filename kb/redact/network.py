"""IP addresses (v4 and v6): a loose candidate pattern, then the ipaddress module decides."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

__all__ = ["find_ips"]


_IPV4_RE = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d)")
_IPV6_RE = re.compile(
    r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?"
    r"(?:%[0-9A-Za-z_.]+)?(?![\w:])"
)
# What an IPv4 candidate cannot do without: four dotted numbers. It starts with a digit, which the
# regex engine jumps to, while _IPV4_RE starts with a look-behind tried at every position.
_IPV4_CLUE_RE = re.compile(r"\d\.\d{1,3}\.\d{1,3}\.\d")
# "version 10.0.0.1", "build 1.2.3.4" and "updated to 5.1.2.40" are releases, not hosts.
_VERSION_BEFORE_RE = re.compile(
    r"(?<!\w)(?i:version|ver\.?|release|build|firmware|v|(?:updat|upgrad)\w*[ \t]+to)[ \t]*$"
)


def find_ips(text: str) -> Iterator[tuple[int, int]]:
    if _IPV4_CLUE_RE.search(text):
        yield from _find_ipv4(text)
    # A valid IPv6 address has a "::" or six colons at least (eight groups, or six and an IPv4).
    if "::" in text or text.count(":") >= 6:
        yield from _find_ipv6(text)


def _find_ipv4(text: str) -> Iterator[tuple[int, int]]:
    for match in _IPV4_RE.finditer(text):
        if _VERSION_BEFORE_RE.search(text, max(0, match.start() - 24), match.start()):
            continue
        try:
            # Leading zeros ("010.001.001.001") are still an address to a reader; ipaddress
            # rejects them, so normalise the octets before asking it.
            ipaddress.IPv4Address(".".join(str(int(octet)) for octet in match.group().split(".")))
        except ValueError:
            continue
        yield match.span()


def _find_ipv6(text: str) -> Iterator[tuple[int, int]]:
    for match in _IPV6_RE.finditer(text):
        candidate = match.group().rstrip(":") if not match.group().endswith("::") else match.group()
        if not any(char.isalnum() for char in candidate.split("%")[0]):
            continue
        try:
            ipaddress.IPv6Address(candidate)
        except ValueError:
            continue
        yield match.start(), match.start() + len(candidate)
