"""Articles and their sections: one Markdown file with YAML front matter.

Parsing is pure: :func:`parse_article` takes a path and text and returns the ``Article`` plus
every ``Problem`` it found, so ``kb check`` can report them all at once. Heading anchors are
computed the way Python-Markdown's ``toc`` and ``attr_list`` extensions compute them for the
built site, so an index entry or a link can name ``page/#anchor`` without building the site.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any

import yaml

from kb.content.anchors import HeadingParser, element_ids, explicit_ids, heading_anchor_text
from kb.content.front_matter import (
    KB_STATUSES,
    KNOWN_FIELDS,
    MAX_SUMMARY_CHARS,
    field_lines,
    split_front_matter,
    validate_meta,
    yaml_error_line,
)
from kb.content.problems import Problem
from kb.content.tree import DRAFTS_DIR, HOME_PAGE, is_hidden
from kb.text import markdown_to_text, paragraphs, split_sentences

__all__ = [
    "KNOWN_FIELDS",
    "MAX_SUMMARY_CHARS",
    "Article",
    "Link",
    "Problem",
    "Section",
    "article_url",
    "first_sentence",
    "humanize_file_name",
    "iter_article_files",
    "load_article",
    "parse_article",
    "resolve_link",
    "split_sentences",
]

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LINK_RE = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
_REF_DEF_RE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+[\"'(].*)?$")
_CODE_SPAN_RE = re.compile(r"(`+).+?\1")
_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_SHORTCODE_RE = re.compile(r"(?<!\S):[a-z0-9][a-z0-9_+-]*:(?!\S)")
_MIN_SUMMARY_WORDS = 3
_SHORTCUT_REF_RE = re.compile(r"\[(?!\^)([^\[\]]+)\](?![(\[:])")
_FOOTNOTE_REF_RE = re.compile(r"\[\^[^\]\s]+\]")


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


@dataclass(frozen=True)
class Article:
    """A parsed article. ``path`` is relative to the docs dir, in POSIX form."""

    path: str
    title: str
    summary: str
    tags: tuple[str, ...] = ()
    id: str | None = None
    updated: dt.date | None = None
    sections: tuple[Section, ...] = ()
    links: tuple[Link, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    body: str = ""
    title_line: int = 0
    field_lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    #: ids a link may point at besides the sections' anchors (attr_list on blocks, HTML ids, footnotes)
    element_ids: frozenset[str] = frozenset()

    @property
    def category(self) -> str:
        parts = PurePosixPath(self.path).parts
        return parts[0] if len(parts) > 1 else ""

    @property
    def url(self) -> str:
        return article_url(self.path)

    @property
    def anchors(self) -> frozenset[str]:
        return frozenset(s.anchor for s in self.sections if s.anchor)

    @property
    def folder(self) -> str:
        """The folder holding the article ("" for a top-level page): its (sub-)category."""
        return self.path.rpartition("/")[0]

    @property
    def is_landing_page(self) -> bool:
        """A folder's own ``index.md``: the page its generated listing is appended to."""
        return "/" in self.path and self.path.rpartition("/")[2] in ("index.md", "README.md")

    @property
    def status(self) -> str:
        """kb's workflow state. ``status`` is also Material's page badge (``new``, ``deprecated``):
        a value that is not one of kb's states is a badge, and the article is published."""
        value = self.meta.get("status", "published")
        return value if isinstance(value, str) and value in KB_STATUSES else "published"

    @property
    def badge(self) -> str | None:
        """Material's status badge (``status: new``…), passed to the theme as written."""
        value = self.meta.get("status")
        return value if isinstance(value, str) and value not in KB_STATUSES else None

    @property
    def searchable(self) -> bool:
        """False for Material's ``search: {exclude: true}``: kept out of the index and the Ask box."""
        search = self.meta.get("search")
        return not (isinstance(search, Mapping) and search.get("exclude") is True)


def article_url(path: str) -> str:
    """The site URL (relative to the site root) of the page built from ``path``.

    Mirrors MkDocs with ``use_directory_urls``: ``a/b.md`` → ``a/b/``, ``a/index.md`` → ``a/``.
    """
    pure = PurePosixPath(path)
    stem_parts = pure.with_suffix("").parts
    if stem_parts and stem_parts[-1] in ("index", "README"):
        stem_parts = stem_parts[:-1]
    return "/".join(stem_parts) + "/" if stem_parts else ""


def resolve_link(source: str, target: str) -> str:
    """The docs path a link from ``source`` to ``target`` (relative, may be empty) points at."""
    if not target:
        return source
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _scan_body(
    path: str, body: str, body_line: int, title: str, problems: list[Problem], ids: set[str]
) -> tuple[list[Section], list[Link], int, str]:
    """Cut the body into sections at headings; collect links. Returns (sections, links, H1 line, H1 text)."""
    lines = body.split("\n")
    parser = HeadingParser(explicit_ids(_outside_fences(lines)))
    fence: str | None = None
    sections: list[Section] = []
    links: list[Link] = []
    h1_line = 0
    h1_text = ""
    current: tuple[str, str, int, int] = ("", "", 1, body_line)
    buffer: list[str] = []

    def flush() -> None:
        heading, anchor, level, line = current
        sections.append(Section(heading, anchor, level, line, "\n".join(buffer).strip("\n")))

    for offset, line in enumerate(lines):
        number = body_line + offset
        fence_match = _FENCE_RE.match(line)
        if fence is not None:
            if fence_match and fence_match.group(1)[0] == fence[0] and len(fence_match.group(1)) >= len(fence):
                fence = None
            buffer.append(line)
            continue
        if fence_match:
            fence = fence_match.group(1)
            buffer.append(line)
            if "{" in line:
                ids.update(element_ids(line))
            continue
        heading = parser.parse(line, offset)
        if heading is None:
            buffer.append(line)
            if "{" in line or "<" in line or "[^" in line:
                ids.update(element_ids(line))
            for target in _links_in(line):
                links.append(Link(target[0], target[1], number))
            continue
        level, text, anchor = heading
        if level == 1:
            if h1_line:
                problems.append(
                    Problem(
                        path,
                        number,
                        f"second H1 heading '{text}'",
                        "an article has one H1 (the title); use ## for sections",
                    )
                )
            else:
                h1_line, h1_text = number, text
                if title and text not in (title, heading_anchor_text(title)):
                    # A warning: MkDocs lets the title (nav, browser tab) differ from the H1.
                    problems.append(
                        Problem(
                            path,
                            number,
                            f"H1 '{text}' differs from the title '{title}'",
                            "make the H1 and the front matter title the same (search results show the title)",
                            "warning",
                        )
                    )
                buffer.clear()
                current = ("", "", 1, number)
                continue
        flush()
        buffer = []
        current = (text, anchor, level, number)
    flush()
    if fence is not None:
        problems.append(
            Problem(
                path,
                body_line + len(lines) - 1,
                f"code fence {fence} is never closed",
                f"close it with a line of {fence}",
            )
        )
    for duplicate in parser.duplicates:
        problems.append(
            Problem(
                path,
                body_line + duplicate[0],
                f"duplicate heading '{duplicate[1]}' gets anchor '{duplicate[2]}'",
                "rename one of the headings or give it an explicit {#id}",
                # The site renders it with this anchor (toc's _1, _2), so nothing breaks: a warning.
                severity="warning",
            )
        )
    return sections, links, h1_line, h1_text


def _outside_fences(lines: list[str]) -> list[str]:
    """The lines that are not inside fenced code blocks."""
    kept: list[str] = []
    fence: str | None = None
    for line in lines:
        match = _FENCE_RE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
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


def parse_article(path: str, text: str) -> tuple[Article | None, list[Problem]]:
    """Parse one article. Returns the article (None if unusable) and every problem found.

    A page written for plain MkDocs parses too: without front matter, the title comes from the
    H1 (or the file name, with a warning) and the summary from MkDocs' ``description`` or the
    first sentence of the page (with one warning, since the summary is kb's quick answer).
    """
    problems: list[Problem] = []
    if not text.strip():
        return None, [Problem(path, 1, "file is empty", "write front matter with title and summary, then an H1")]
    fm, body, body_line = split_front_matter(text.lstrip("\ufeff"))
    meta: dict[str, Any] = {}
    fields_at: dict[str, int] = {}
    if fm is not None:
        try:
            loaded = yaml.safe_load(fm) if fm.strip() else {}
        except yaml.YAMLError as exc:
            reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            return None, [
                Problem(
                    path,
                    yaml_error_line(exc),
                    f"front matter is not valid YAML: {reason}",
                    "fix the YAML syntax; quote values that contain ': ' or start with a symbol",
                )
            ]
        if loaded is not None and not isinstance(loaded, dict):
            return None, [
                Problem(
                    path,
                    2,
                    "front matter must be a mapping of field: value",
                    "write one 'field: value' per line between the '---' lines",
                )
            ]
        meta = {str(k): v for k, v in (loaded or {}).items()}
        fields_at = field_lines(fm)
        validate_meta(path, meta, fields_at, problems)
    given_title = _text_field(meta, "title")
    ids: set[str] = set()
    sections, links, h1_line, h1_text = _scan_body(path, body, body_line, given_title, problems, ids)
    title = given_title or _plain_heading(h1_text)
    if not title:
        title = humanize_file_name(path)
        problems.append(
            Problem(
                path,
                body_line,
                f"the page has no title or H1 heading; kb calls it '{title}'",
                f"add '# {title}' at the top, or title: {title} to the front matter",
                "warning",
            )
        )
    elif not h1_line:
        problems.append(
            Problem(
                path,
                body_line,
                "the article has no H1 heading",
                f"add '# {title}' after the front matter (the site shows the title as the H1 meanwhile)",
                "warning",
            )
        )
    summary = _text_field(meta, "summary")
    if not summary:
        summary = _fallback_summary(meta, sections)
        where = "MkDocs' description" if _text_field(meta, "description") else "the first sentence of the page"
        problems.append(
            Problem(
                path,
                fields_at.get("summary", 1),
                f"front matter field 'summary' is missing; kb uses {where} as the quick answer",
                "add summary: with the one-sentence answer this page gives",
                "warning",
            )
        )
    tags = tuple(t for t in meta.get("tags") or () if isinstance(t, str))
    article_id = meta.get("id") if isinstance(meta.get("id"), str) else None
    updated = meta.get("updated") if isinstance(meta.get("updated"), dt.date) else None
    article = Article(
        path=path,
        title=title,
        summary=summary,
        tags=tags,
        id=article_id,
        updated=updated,
        sections=tuple(sections),
        links=tuple(links),
        meta=MappingProxyType(meta),
        body=body,
        title_line=h1_line,
        field_lines=MappingProxyType(fields_at),
        element_ids=frozenset(ids),
    )
    return article, problems


def _text_field(meta: Mapping[str, Any], name: str) -> str:
    value = meta.get(name)
    return value.strip() if isinstance(value, str) else ""


def _plain_heading(text: str) -> str:
    """A heading as a title: Markdown and Material's ``:emoji-shortcodes:`` removed."""
    plain = _SHORTCODE_RE.sub(" ", markdown_to_text(text)) if text else ""
    return " ".join(plain.split())


def humanize_file_name(path: str) -> str:
    """``setup/changing-the-colors.md`` → ``Changing the colors`` (``a/index.md`` → ``A``)."""
    pure = PurePosixPath(path)
    stem = pure.parent.name if pure.stem in ("index", "README") and pure.parent.name else pure.stem
    words = stem.replace("_", " ").replace("-", " ").split()
    return " ".join(words).capitalize() if words else stem


def first_sentence(text: str) -> str:
    """The first sentence of plain text, cut at a word to at most ``MAX_SUMMARY_CHARS``."""
    sentences = split_sentences(" ".join(text.split()))
    sentence = sentences[0] if sentences else ""
    if len(sentence) <= MAX_SUMMARY_CHARS:
        return sentence
    return sentence[: MAX_SUMMARY_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _fallback_summary(meta: Mapping[str, Any], sections: Iterable[Section]) -> str:
    """MkDocs' ``description``, else the first sentence of the first paragraph with a few words."""
    description = _text_field(meta, "description")
    if description:
        return first_sentence(description)
    for section in sections:
        for paragraph in paragraphs(markdown_to_text(section.markdown)):
            if len(paragraph.split()) >= _MIN_SUMMARY_WORDS:
                # Once more on the joined paragraph: emphasis that spanned lines is one line now.
                # A shortcut reference link ("[color palette]", defined elsewhere) keeps its text.
                plain = _SHORTCUT_REF_RE.sub(r"\1", _FOOTNOTE_REF_RE.sub("", markdown_to_text(paragraph)))
                return first_sentence(plain)
    return ""


def load_article(docs_dir: Path, file: Path) -> tuple[Article | None, list[Problem]]:
    """Read and parse one file; undecodable bytes are a problem, not an exception."""
    rel = file.relative_to(docs_dir).as_posix()
    try:
        raw = file.read_bytes()
    except OSError as exc:
        return None, [Problem(rel, 1, f"cannot read the file: {exc.strerror}", "check its permissions")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [Problem(rel, line, f"file is not valid UTF-8 (byte {exc.start})", "re-save the file as UTF-8")]
    return parse_article(rel, text)


def iter_article_files(docs_dir: Path, drafts: bool = False) -> Iterator[Path]:
    """Markdown files that are articles (or, with ``drafts``, the files in ``_drafts/``).

    Skipped: the home page ``index.md``, and anything under a folder or file whose name starts
    with ``_`` or ``.`` (``_drafts/`` is returned only with ``drafts=True``).
    """
    root = docs_dir / DRAFTS_DIR if drafts else docs_dir
    if not root.is_dir():
        return
    for file in sorted(root.rglob("*.md")):
        rel = file.relative_to(root)
        if any(is_hidden(part) for part in rel.parts):
            continue
        if not drafts and rel.as_posix() == HOME_PAGE:
            continue
        yield file
