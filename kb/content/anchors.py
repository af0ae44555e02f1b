"""Heading ids, computed exactly as Python-Markdown's ``toc`` + ``attr_list`` extensions do.

The built site is the reference: ``toc`` slugifies the heading's rendered text with its default
``slugify`` and makes ids unique with ``_1``, ``_2`` suffixes, after reserving every explicit id
(``## Heading {#my-id}``) in the page. Plain headings take a fast path; headings with inline
Markdown are rendered with Python-Markdown itself so the text matches what the site slugifies.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

import markdown
from markdown.extensions.toc import slugify, strip_tags, unique

__all__ = ["HeadingParser", "element_ids", "explicit_ids", "heading_anchor_text", "slug"]

# Python-Markdown's HashHeaderProcessor: '#' at column 0, optional closing hashes.
_HEADING_RE = re.compile(r"^(#{1,6})(?P<text>(?:\\.|[^\\])*?)#*\s*$")
# attr_list's header pattern: at least one space, then {: ...} or {...} at the end.
_ATTR_RE = re.compile(r"[ ]+\{:?[ ]*([^}\n ][^\n]*)\}[ ]*$")
_INLINE_MARKUP = re.compile(r"[`*_\[\]<>&\\!~=^:+{}]")


def slug(text: str) -> str:
    """The toc extension's default slug of already-plain text."""
    return str(slugify(text, "-"))


@lru_cache(maxsize=1)
def _inline_renderer() -> markdown.Markdown:
    return markdown.Markdown(extensions=["attr_list"])


@lru_cache(maxsize=4096)
def heading_anchor_text(text: str) -> str:
    """The plain text toc slugifies for a heading whose Markdown source is ``text``."""
    if not _INLINE_MARKUP.search(text):
        return text.strip()
    renderer = _inline_renderer()
    renderer.reset()
    rendered = renderer.convert(text.strip())
    return html.unescape(strip_tags(rendered))


def _explicit_id(attrs: str) -> str | None:
    for token in attrs.split():
        if token.startswith("#") and len(token) > 1:
            return token[1:]
        if token.startswith("id=") and len(token) > 3:  # attr_list's key=value form: { id=name }
            return token[3:].strip("\"'") or None
    return None


def explicit_ids(lines: Iterable[str]) -> set[str]:
    """Ids given explicitly with ``{#id}`` on headings; toc reserves them before numbering."""
    found: set[str] = set()
    for line in lines:
        match = _HEADING_RE.match(line)
        if match:
            attr = _ATTR_RE.search(match.group("text"))
            explicit = _explicit_id(attr.group(1)) if attr else None
            if explicit:
                found.add(explicit)
    return found


_BRACES_RE = re.compile(r"\{:?([^{}\n]*)\}")
_HTML_ID_RE = re.compile(r"<[A-Za-z][^>\n]*?\s(?:id|name)=[\"']([^\"']+)[\"']")
_FOOTNOTE_RE = re.compile(r"\[\^([^\]\s]+)\](:?)")


def element_ids(line: str) -> Iterable[str]:
    """Ids a line gives to something other than a heading: attr_list on a block or a code fence
    (``{ .sh #example }``), HTML ``id=``/``name=``, and the footnotes extension's ``fn:``/``fnref:``."""
    for match in _BRACES_RE.finditer(line):
        explicit = _explicit_id(match.group(1))
        if explicit:
            yield explicit
    if "<" in line:
        yield from _HTML_ID_RE.findall(line)
    if "[^" in line:
        for name, definition in _FOOTNOTE_RE.findall(line):
            yield f"fn:{name}" if definition else f"fnref:{name}"


class HeadingParser:
    """Recognises heading lines of one document in order and assigns their unique ids."""

    def __init__(self, reserved: set[str] | None = None) -> None:
        self._used: set[str] = set(reserved or ())
        self._bases: dict[str, int] = {}
        #: (line offset, heading text, assigned anchor) of headings whose slug repeated an earlier one
        self.duplicates: list[tuple[int, str, str]] = []

    def parse(self, line: str, offset: int = 0) -> tuple[int, str, str] | None:
        """(level, heading text, anchor) if ``line`` is a heading, else None.

        ``offset`` is the line's position, recorded with any duplicate.
        """
        if not line.startswith("#"):
            return None
        match = _HEADING_RE.match(line)
        if match is None:
            return None
        level = len(match.group(1))
        text = match.group("text").strip()
        attr = _ATTR_RE.search(text)
        explicit = _explicit_id(attr.group(1)) if attr else None
        if attr:
            text = text[: attr.start()].strip()
        plain = heading_anchor_text(text)
        if explicit:
            return level, plain, explicit
        base = slug(plain)
        anchor = unique(base, self._used)
        if base in self._bases:
            self.duplicates.append((offset, plain, anchor))
        self._bases[base] = offset
        return level, plain, anchor
