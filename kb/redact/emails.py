"""Email addresses, plain or spelled out ("anna [at] example [dot] com")."""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["find_emails"]


_EMAIL_RE = re.compile(r"(?<![\w.+%-])[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")
# "anna [at] example [dot] com": only the bracketed spelling, a bare "at" is just a word.
_OBFUSCATED_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[\w.+-]+[ \t]*[\[({][ \t]*(?i:at)[ \t]*[\])}][ \t]*[\w-]+"
    r"(?:[ \t]*(?:[\[({][ \t]*(?i:dot)[ \t]*[\])}]|\.)[ \t]*[\w-]+)+"
)


# What the obfuscated spelling cannot do without; it starts with a bracket, which the regex engine
# jumps to, while the full pattern starts with a look-behind tried at every position.
_BRACKETED_AT_RE = re.compile(r"[\[({][ \t]*(?i:at)[ \t]*[\])}]")


def find_emails(text: str) -> Iterator[tuple[int, int]]:
    if "@" in text:
        for match in _EMAIL_RE.finditer(text):
            yield match.span()
    if _BRACKETED_AT_RE.search(text):
        for match in _OBFUSCATED_EMAIL_RE.finditer(text):
            yield match.span()
