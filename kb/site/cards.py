"""Social cards: the picture a chat or a post shows for a shared article link (``og:image``).

One SVG per article page, rendered at build time: the category, the title wrapped over at most
four lines, the site name. Its place follows from the page's own (``billing/refunds/index.html``
→ ``assets/kb/cards/billing/refunds.svg``), so a partial site update rewrites a page's card with
the page and deletes it with the page. Every string is XML-escaped, and characters XML cannot
hold (control characters) are dropped, so the file is always well-formed.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import textwrap

__all__ = ["CARDS_DIR", "card_dest", "card_svg", "write_card"]

CARDS_DIR = "assets/kb/cards"
WIDTH, HEIGHT = 1200, 630
_LINE_CHARS = 30
_MAX_LINES = 4
# Characters XML 1.0 cannot hold, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    return html.escape(_NOT_XML.sub("", value), quote=True)


def _lines(title: str) -> list[str]:
    title = " ".join(_NOT_XML.sub("", title).split())
    lines = textwrap.wrap(title, _LINE_CHARS, break_long_words=True, break_on_hyphens=True) or [""]
    if len(lines) > _MAX_LINES:
        lines = lines[:_MAX_LINES]
        lines[-1] = lines[-1][: _LINE_CHARS - 1].rstrip() + "…"
    return lines


def card_svg(title: str, category: str, site_name: str) -> str:
    """The card of one article, as an SVG document."""
    lines = _lines(title)
    size = 64 if len(lines) <= 3 else 56
    top = 250 - (len(lines) - 1) * size // 2
    title_lines = "\n".join(
        f'    <tspan x="80" y="{top + n * (size + 12)}">{_text(line)}</tspan>' for n, line in enumerate(lines)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img">\n'
        f"  <title>{_text(title)}</title>\n"
        f'  <rect width="{WIDTH}" height="{HEIGHT}" fill="#1a237e"/>\n'
        f'  <rect x="0" y="{HEIGHT - 16}" width="{WIDTH}" height="16" fill="#7986cb"/>\n'
        '  <g font-family="system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif">\n'
        f'    <text x="80" y="110" font-size="34" fill="#c5cae9">{_text(category)}</text>\n'
        f'    <text font-size="{size}" font-weight="700" fill="#ffffff">\n{title_lines}\n    </text>\n'
        f'    <text x="80" y="{HEIGHT - 70}" font-size="32" fill="#e8eaf6">{_text(site_name)}</text>\n'
        "  </g>\n"
        "</svg>\n"
    )


def card_dest(page_dest: str) -> str:
    """The card's path in the site for the page written to ``page_dest`` (both relative to the site)."""
    stem = page_dest[: -len("index.html")].rstrip("/") if page_dest.endswith("index.html") else page_dest
    stem = posixpath.splitext(stem)[0] if stem.endswith(".html") else stem
    return posixpath.join(CARDS_DIR, (stem or "index") + ".svg")


def write_card(site_dir: str, page_dest: str, svg: str) -> None:
    """Write the card beside the site's other files via a temp file and a rename (plain ``open``,
    so the umask sets its mode, as for every file MkDocs writes)."""
    path = os.path.join(site_dir, *card_dest(page_dest).split("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        with open(temp, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(svg)
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
