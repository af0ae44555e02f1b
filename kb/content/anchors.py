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

# Python-Markdown's HashHeaderProcessor reads a heading with ^(#{1,6})((?:\\.|[^\\])*?)#*\s*$ and
# attr_list its {#id} with [ ]+\{:?[ ]*([^}\n ][^\n]*)\}[ ]*$. Both take time quadratic in the
# line (a line of thousands of '#', spaces or " {" takes seconds), so _heading and _attr_list
# compute the same answers in one pass; tests/test_redact_linear.py holds them to the regexes.
_LEADING_HASHES_RE = re.compile(r"#{1,6}")
_ATTR_START_RE = re.compile(r"(?<![ ])[ ]+\{:?[ ]*(?=[^}\n ])")
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


def _heading(line: str) -> tuple[int, str] | None:
    """(level, text) as HashHeaderProcessor reads ``line``, or None when it is no heading."""
    hashes = _LEADING_HASHES_RE.match(line)
    if hashes is None:
        return None
    rest = line[hashes.end() :]
    # The text ends where the closing hashes and blanks begin, or at the first escape pair's end
    # past it ("\\#" keeps its '#'); an unpaired backslash at the end is no heading at all.
    closing = len(rest.rstrip())
    while closing and rest[closing - 1] == "#":
        closing -= 1
    position = 0 if "\\" in rest else closing
    while position < closing:
        if rest[position] == "\\":
            if position + 1 >= len(rest) or rest[position + 1] == "\n":
                return None
            position += 2
        else:
            position += 1
    return len(hashes.group()), rest[:position]


def _attr_list(text: str) -> tuple[int, str] | None:
    """(start, attributes) of a trailing ``{...}`` attribute list, as attr_list finds it."""
    # attr_list's pattern ends in '$', which also matches before one final newline.
    body = (text[:-1] if text.endswith("\n") else text).rstrip(" ")
    if not body.endswith("}"):
        return None
    line_start = body.rfind("\n") + 1
    for match in _ATTR_START_RE.finditer(body, line_start):
        # The list runs from here to the last '}', and nothing but that and blanks may follow.
        return match.start(), body[match.end() : len(body) - 1]
    return None


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
        heading = _heading(line)
        if heading:
            attr = _attr_list(heading[1])
            explicit = _explicit_id(attr[1]) if attr else None
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
        heading = _heading(line)
        if heading is None:
            return None
        level, text = heading[0], heading[1].strip()
        attr = _attr_list(text)
        explicit = _explicit_id(attr[1]) if attr else None
        if attr:
            text = text[: attr[0]].strip()
        plain = heading_anchor_text(text)
        if explicit:
            return level, plain, explicit
        base = slug(plain)
        anchor = unique(base, self._used)
        if base in self._bases:
            self.duplicates.append((offset, plain, anchor))
        self._bases[base] = offset
        return level, plain, anchor
