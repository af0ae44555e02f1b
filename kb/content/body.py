"""An article's body cut into sections at its headings, with its internal links and element ids.

Headings are read as Python-Markdown reads them (fenced code is not a heading, ``{#id}`` and toc's
``_1`` numbering give the anchors the site renders), so sections and anchors match the built page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from kb.content.anchors import HeadingParser, element_ids, explicit_ids, heading_anchor_text
from kb.content.problems import Problem

__all__ = ["Link", "ScannedBody", "Section", "scan_body"]

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LINK_RE = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
_REF_DEF_RE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+[\"'(].*)?$")
_CODE_SPAN_RE = re.compile(r"(`+).+?\1")
_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Section:
    """A part of an article: the lead (``level`` 1, empty heading and anchor) or one heading."""

    heading: str
    anchor: str
    level: int
    line: int
    markdown: str

    @property
    def is_lead(self) -> bool:
        # A second H1 (a writer's mistake, reported by kb check) is a section with its own anchor.
        return self.level == 1 and not self.anchor


@dataclass(frozen=True)
class Link:
    """An internal link from an article to a Markdown file and optional anchor."""

    target: str
    anchor: str
    line: int


@dataclass
class ScannedBody:
    """What :func:`scan_body` found: sections in order (the lead first), links, the H1, problems."""

    sections: list[Section] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    h1_line: int = 0
    h1_text: str = ""
    element_ids: frozenset[str] = frozenset()
    problems: list[Problem] = field(default_factory=list)


def scan_body(path: str, body: str, body_line: int, title: str) -> ScannedBody:
    """Cut ``body`` (starting at line ``body_line`` of the file) into sections at its headings."""
    lines = body.split("\n")
    scanner = _Scanner(path, title, body_line, HeadingParser(explicit_ids(_outside_fences(lines))))
    for offset, line in enumerate(lines):
        scanner.feed(line, offset)
    return scanner.finish(body_line + len(lines) - 1)


class _Scanner:
    """One pass over the body's lines: a fenced block, a heading, or text of the current section."""

    def __init__(self, path: str, title: str, body_line: int, parser: HeadingParser) -> None:
        self.path, self.title, self.body_line, self.parser = path, title, body_line, parser
        self.found = ScannedBody()
        self.ids: set[str] = set()
        self.fence: str | None = None
        self.current: tuple[str, str, int, int] = ("", "", 1, body_line)
        self.buffer: list[str] = []

    def feed(self, line: str, offset: int) -> None:
        number = self.body_line + offset
        fence_match = _FENCE_RE.match(line)
        if self.fence is not None:
            if fence_match and _closes(fence_match.group(1), self.fence):
                self.fence = None
            self.buffer.append(line)
            return
        if fence_match:
            self.fence = fence_match.group(1)
            self.buffer.append(line)
            if "{" in line:
                self.ids.update(element_ids(line))
            return
        heading = self.parser.parse(line, offset)
        if heading is None:
            self._text(line, number)
        elif heading[0] == 1 and not self.found.h1_line:
            self._title_heading(heading[1], number)
        else:
            self._heading(*heading, number)

    def _text(self, line: str, number: int) -> None:
        self.buffer.append(line)
        if "{" in line or "<" in line or "[^" in line:
            self.ids.update(element_ids(line))
        for target, anchor in _links_in(line):
            self.found.links.append(Link(target, anchor, number))

    def _title_heading(self, text: str, number: int) -> None:
        """The first H1: the article's title. Text above it is dropped, as the site's lead starts here."""
        self.found.h1_line, self.found.h1_text = number, text
        if self.title and text not in (self.title, heading_anchor_text(self.title)):
            # A warning: MkDocs lets the title (nav, browser tab) differ from the H1.
            self._problem(
                number,
                f"H1 '{text}' differs from the title '{self.title}'",
                "make the H1 and the front matter title the same (search results show the title)",
                "warning",
            )
        self.buffer.clear()
        self.current = ("", "", 1, number)

    def _heading(self, level: int, text: str, anchor: str, number: int) -> None:
        if level == 1:
            hint = "an article has one H1 (the title); use ## for sections"
            self._problem(number, f"second H1 heading '{text}'", hint)
        self._flush()
        self.buffer = []
        self.current = (text, anchor, level, number)

    def _flush(self) -> None:
        heading, anchor, level, line = self.current
        self.found.sections.append(Section(heading, anchor, level, line, "\n".join(self.buffer).strip("\n")))

    def _problem(self, line: int, message: str, hint: str, severity: str = "error") -> None:
        self.found.problems.append(Problem(self.path, line, message, hint, severity))

    def finish(self, last_line: int) -> ScannedBody:
        self._flush()
        if self.fence is not None:
            fence = self.fence
            self._problem(last_line, f"code fence {fence} is never closed", f"close it with a line of {fence}")
        for line, text, anchor in self.parser.duplicates:
            # The site renders it with this anchor (toc's _1, _2), so nothing breaks: a warning.
            self._problem(
                self.body_line + line,
                f"duplicate heading '{text}' gets anchor '{anchor}'",
                "rename one of the headings or give it an explicit {#id}",
                "warning",
            )
        self.found.element_ids = frozenset(self.ids)
        return self.found


def _closes(marker: str, fence: str) -> bool:
    return marker[0] == fence[0] and len(marker) >= len(fence)


def _outside_fences(lines: list[str]) -> list[str]:
    """The lines that are not inside fenced code blocks."""
    kept: list[str] = []
    fence: str | None = None
    for line in lines:
        match = _FENCE_RE.match(line)
        if fence is not None:
            if match and _closes(match.group(1), fence):
                fence = None
        elif match:
            fence = match.group(1)
        else:
            kept.append(line)
    return kept


def _links_in(line: str) -> Iterator[tuple[str, str]]:
    """Internal links in one line: (target .md path or "", anchor)."""
    line = _CODE_SPAN_RE.sub("", line)
    targets = [m.group(1) for m in _LINK_RE.finditer(line)]
    ref = _REF_DEF_RE.match(line)
    if ref:
        targets.append(ref.group(1))
    for target in targets:
        if _SCHEME_RE.match(target) or target.startswith(("/", "//")):
            continue
        path, _, anchor = target.partition("#")
        path = path.split("?", 1)[0]
        if path and not path.endswith(".md"):
            continue
        if path or anchor:
            yield path, anchor
