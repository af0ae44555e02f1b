"""Search-result snippets: the text around the first match, HTML-escaped, matches in <mark>."""

from __future__ import annotations

import html

from kb.index.words import WORD_RE, word_stem

__all__ = ["snippet"]

_SNIPPET_CHARS = 220


def _mark(text: str, stems: set[str]) -> str:
    """HTML-escape ``text`` and wrap words whose stem matched in ``<mark>``."""
    out: list[str] = []
    last = 0
    for match in WORD_RE.finditer(text):
        word = match.group(0)
        out.append(html.escape(text[last : match.start()]))
        if word_stem(word.lower()) in stems:
            out.append(f"<mark>{html.escape(word)}</mark>")
        else:
            out.append(html.escape(word))
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def snippet(text: str, stems: set[str], width: int = _SNIPPET_CHARS) -> str:
    """The part of ``text`` around its first matched word, escaped, matches marked."""
    flat = " ".join(text.split())
    if not flat:
        return ""
    start = 0
    for match in WORD_RE.finditer(flat):
        if word_stem(match.group(0).lower()) in stems:
            start = max(0, match.start() - 60)
            break
    if start:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    piece = flat[start : start + width]
    if start + width < len(flat):
        cut = piece.rfind(" ")
        piece = (piece[:cut] if cut > width // 2 else piece) + " …"
    return ("… " if start else "") + _mark(piece, stems)
