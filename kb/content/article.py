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

from kb.content.body import Link, Section, scan_body
from kb.content.front_matter import (
    KB_STATUSES,
    KNOWN_FIELDS,
    MAX_SUMMARY_CHARS,
    field_lines,
    is_valid_id,
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

_SHORTCODE_RE = re.compile(r"(?<!\S):[a-z0-9][a-z0-9_+-]*:(?!\S)")
_MIN_SUMMARY_WORDS = 3
_SHORTCUT_REF_RE = re.compile(r"\[(?!\^)([^\[\]]+)\](?![(\[:])")
_FOOTNOTE_REF_RE = re.compile(r"\[\^[^\]\s]+\]")


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


def parse_article(path: str, text: str) -> tuple[Article | None, list[Problem]]:
    """Parse one article. Returns the article (None if unusable) and every problem found.

    A page written for plain MkDocs parses too: without front matter, the title comes from the
    H1 (or the file name, with a warning) and the summary from MkDocs' ``description`` or the
    first sentence of the page (with one warning, since the summary is kb's quick answer).
    """
    if not text.strip():
        return None, [Problem(path, 1, "file is empty", "write front matter with title and summary, then an H1")]
    fm, body, body_line = split_front_matter(text.lstrip("\ufeff"))
    read = _read_front_matter(path, fm)
    if isinstance(read, Problem):
        return None, [read]
    meta, fields_at, problems = read
    given_title = _text_field(meta, "title")
    scanned = scan_body(path, body, body_line, given_title)
    problems.extend(scanned.problems)
    sections, links, h1_line = scanned.sections, scanned.links, scanned.h1_line
    title = _title(path, given_title, scanned.h1_text, h1_line, body_line, problems)
    summary = _summary(path, meta, fields_at, sections, problems)
    tags = tuple(t for t in meta.get("tags") or () if isinstance(t, str))
    # An invalid id (reported by validate_meta) is not used: it becomes a short link's path.
    article_id = meta.get("id") if is_valid_id(meta.get("id")) else None
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
        element_ids=scanned.element_ids,
    )
    return article, problems


def _read_front_matter(path: str, fm: str | None) -> tuple[dict[str, Any], dict[str, int], list[Problem]] | Problem:
    """The front matter's fields, their lines and their problems; or the one problem that makes it unreadable."""
    problems: list[Problem] = []
    if fm is None:
        return {}, {}, problems
    try:
        loaded = yaml.safe_load(fm) if fm.strip() else {}
    except yaml.YAMLError as exc:
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return Problem(
            path,
            yaml_error_line(exc),
            f"front matter is not valid YAML: {reason}",
            "fix the YAML syntax; quote values that contain ': ' or start with a symbol",
        )
    if loaded is not None and not isinstance(loaded, dict):
        return Problem(
            path,
            2,
            "front matter must be a mapping of field: value",
            "write one 'field: value' per line between the '---' lines",
        )
    meta = {str(k): v for k, v in (loaded or {}).items()}
    fields_at = field_lines(fm)
    validate_meta(path, meta, fields_at, problems)
    return meta, fields_at, problems


def _title(path: str, given: str, h1_text: str, h1_line: int, body_line: int, problems: list[Problem]) -> str:
    """The front matter's title, else the H1, else the file name (with a warning)."""
    title = given or _plain_heading(h1_text)
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
    return title


def _summary(
    path: str,
    meta: Mapping[str, Any],
    fields_at: Mapping[str, int],
    sections: Iterable[Section],
    problems: list[Problem],
) -> str:
    """The front matter's summary, else MkDocs' description or the page's first sentence (with a warning)."""
    summary = _text_field(meta, "summary")
    if summary:
        return summary
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
    return _fallback_summary(meta, sections)


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
