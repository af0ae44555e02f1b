"""Articles and their sections: one Markdown file with YAML front matter.

Parsing is pure: :func:`parse_article` takes a path and text and returns the ``Article`` plus
every ``Problem`` it found, so ``kb check`` can report them all at once. Heading anchors are
computed the way Python-Markdown's ``toc`` and ``attr_list`` extensions compute them for the
built site, so an index entry or a link can name ``page/#anchor`` without building the site.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from kb.anchors import HeadingParser, explicit_ids, heading_anchor_text

__all__ = [
    "KNOWN_FIELDS",
    "MAX_SUMMARY_CHARS",
    "Article",
    "Link",
    "Problem",
    "Section",
    "article_url",
    "iter_article_files",
    "load_article",
    "parse_article",
    "split_sentences",
]

MAX_SUMMARY_CHARS = 200
KNOWN_FIELDS = frozenset(
    {
        "title",
        "summary",
        "tags",
        "id",
        "updated",
        "status",
        "provenance",
        "created",
        "published",
        "reviewed_by",
        "verified",
        "search_terms",
        "category",
        "redaction",
        "source_ticket",
        "rejected",
        "proposal_for",
    }
)
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LINK_RE = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
_REF_DEF_RE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+[\"'(].*)?$")
_CODE_SPAN_RE = re.compile(r"(`+).+?\1")
_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# A sentence ends at . ! or ? followed by space and a capital, digit or quote — but not after a
# common abbreviation or a single initial.
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "approx.", "no.", "mr.", "mrs.", "ms.", "dr.", "st.")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where, what, and how to fix it."""

    path: str
    line: int
    message: str
    hint: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


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
        return self.level == 1


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
    def status(self) -> str:
        return str(self.meta.get("status", "published"))


def article_url(path: str) -> str:
    """The site URL (relative to the site root) of the page built from ``path``.

    Mirrors MkDocs with ``use_directory_urls``: ``a/b.md`` → ``a/b/``, ``a/index.md`` → ``a/``.
    """
    pure = PurePosixPath(path)
    stem_parts = pure.with_suffix("").parts
    if stem_parts and stem_parts[-1] in ("index", "README"):
        stem_parts = stem_parts[:-1]
    return "/".join(stem_parts) + "/" if stem_parts else ""


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping abbreviations like "e.g." inside their sentence."""
    pieces = _SENTENCE_END_RE.split(text.strip())
    sentences: list[str] = []
    for piece in pieces:
        if (sentences and sentences[-1].split()[-1].lower() in _ABBREVIATIONS) or (
            sentences and re.search(r"(?:^|\s)[A-Z]\.$", sentences[-1])
        ):
            sentences[-1] = f"{sentences[-1]} {piece}"
        elif piece:
            sentences.append(piece)
    return sentences


def _split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter text or None, body, line number of the body's first line)."""
    handler = YAMLHandler()
    if not handler.detect(text):
        return None, text, 1
    try:
        fm, body = handler.split(text)
    except ValueError:
        return None, text, 1
    consumed = len(text) - len(body)
    body_line = text.count("\n", 0, consumed) + 1
    return (
        fm,
        body.lstrip("\n") if body.startswith("\n") else body,
        body_line + (1 if body.startswith("\n") else 0),
    )


def _yaml_error_line(exc: yaml.YAMLError) -> int:
    mark = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    opened = str(getattr(exc, "context", "")).startswith(("while scanning a quoted", "while parsing a flow"))
    if context is not None and (opened or "end of stream" in str(getattr(exc, "problem", ""))):
        mark = context  # an unclosed quote or bracket: point at where it opened
    # The front matter text starts with the newline ending the opening '---' (line 1), and
    # YAML marks count from 0, so mark line n is file line n + 1.
    return int(mark.line) + 1 if mark is not None else 1


def _field_lines(fm: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    # ``fm`` starts with the newline that ends the opening '---' (line 1).
    for number, line in enumerate(fm.split("\n"), start=1):
        match = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if match:
            lines.setdefault(match.group(1), number)
    return lines


def _validate_meta(
    path: str, meta: Mapping[str, Any], lines: Mapping[str, int], problems: list[Problem]
) -> None:
    def add(fieldname: str, message: str, hint: str, severity: str = "error") -> None:
        problems.append(Problem(path, lines.get(fieldname, 1), message, hint, severity))

    for name in ("title", "summary"):
        value = meta.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            add(name, f"front matter field '{name}' is missing", f"add {name}: ... to the front matter")
        elif not isinstance(value, str):
            add(
                name,
                f"front matter field '{name}' must be text, got {type(value).__name__}",
                f"write {name} as a plain string, quoted if it contains ':'",
            )
    summary = meta.get("summary")
    if isinstance(summary, str) and summary.strip():
        if len(summary) > MAX_SUMMARY_CHARS:
            add(
                "summary",
                f"summary is {len(summary)} characters, more than {MAX_SUMMARY_CHARS}",
                "shorten it to the one-sentence quick answer; put detail in a section",
            )
        if len(split_sentences(summary)) > 1:
            add(
                "summary",
                "summary has more than one sentence",
                "keep only the one-sentence answer; move the rest into the article body",
            )
    tags = meta.get("tags")
    if tags is not None and not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
        add("tags", "front matter field 'tags' must be a list of strings", "write tags: [billing, login]")
    article_id = meta.get("id")
    if article_id is not None and not (isinstance(article_id, str) and _ID_RE.match(article_id)):
        add(
            "id",
            f"front matter field 'id' is invalid: {article_id!r}",
            "use 2-64 lowercase letters, digits and dashes, e.g. id: reset-password",
        )
    for name in ("updated", "created", "published", "verified"):
        value = meta.get(name)
        if value is not None and not isinstance(value, dt.date):
            add(name, f"front matter field '{name}' is not a date: {value!r}", f"write {name}: 2026-01-31")
    for name in ("provenance", "search_terms"):
        value = meta.get(name)
        if value is not None and not (
            isinstance(value, list) and all(isinstance(v, str | int) for v in value)
        ):
            add(name, f"front matter field '{name}' must be a list", f"write {name}: [first, second]")
    for name in meta:
        if name not in KNOWN_FIELDS:
            add(
                name,
                f"unknown front matter field '{name}'",
                f"remove it or use one of: {', '.join(sorted(KNOWN_FIELDS))}",
                "warning",
            )


def _scan_body(
    path: str, body: str, body_line: int, title: str, problems: list[Problem]
) -> tuple[list[Section], list[Link], int]:
    """Cut the body into sections at headings; collect links. Returns (sections, links, h1 line)."""
    lines = body.split("\n")
    parser = HeadingParser(explicit_ids(_outside_fences(lines)))
    fence: str | None = None
    sections: list[Section] = []
    links: list[Link] = []
    h1_line = 0
    current: tuple[str, str, int, int] = ("", "", 1, body_line)
    buffer: list[str] = []

    def flush() -> None:
        heading, anchor, level, line = current
        sections.append(Section(heading, anchor, level, line, "\n".join(buffer).strip("\n")))

    for offset, line in enumerate(lines):
        number = body_line + offset
        fence_match = _FENCE_RE.match(line)
        if fence is not None:
            if (
                fence_match
                and fence_match.group(1)[0] == fence[0]
                and len(fence_match.group(1)) >= len(fence)
            ):
                fence = None
            buffer.append(line)
            continue
        if fence_match:
            fence = fence_match.group(1)
            buffer.append(line)
            continue
        heading = parser.parse(line, offset)
        if heading is None:
            buffer.append(line)
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
                h1_line = number
                if title and text not in (title, heading_anchor_text(title)):
                    problems.append(
                        Problem(
                            path,
                            number,
                            f"H1 '{text}' differs from the title '{title}'",
                            "make the H1 and the front matter title the same",
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
            )
        )
    return sections, links, h1_line


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
    """Parse one article. Returns the article (None if unusable) and every problem found."""
    problems: list[Problem] = []
    if not text.strip():
        return None, [
            Problem(path, 1, "file is empty", "write front matter with title and summary, then an H1")
        ]
    fm, body, body_line = _split_front_matter(text.lstrip("\ufeff"))
    if fm is None:
        return None, [
            Problem(
                path,
                1,
                "front matter is missing",
                "start the file with '---', title: and summary: lines, then '---'",
            )
        ]
    try:
        loaded = yaml.safe_load(fm) if fm.strip() else {}
    except yaml.YAMLError as exc:
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [
            Problem(
                path,
                _yaml_error_line(exc),
                f"front matter is not valid YAML: {reason}",
                "fix the YAML syntax; quote values that contain ': ' or start with a symbol",
            )
        ]
    if not isinstance(loaded, dict):
        return None, [
            Problem(
                path,
                2,
                "front matter must be a mapping of field: value",
                "write one 'field: value' per line between the '---' lines",
            )
        ]
    meta: dict[str, Any] = {str(k): v for k, v in loaded.items()}
    field_lines = _field_lines(fm)
    _validate_meta(path, meta, field_lines, problems)
    title = meta.get("title") if isinstance(meta.get("title"), str) else ""
    summary = meta.get("summary") if isinstance(meta.get("summary"), str) else ""
    assert isinstance(title, str) and isinstance(summary, str)
    sections, links, h1_line = _scan_body(path, body, body_line, title.strip(), problems)
    if not h1_line:
        problems.append(
            Problem(
                path,
                body_line,
                "the article has no H1 heading",
                f"add '# {title.strip() or 'Title'}' after the front matter",
            )
        )
    tags = tuple(t for t in meta.get("tags") or () if isinstance(t, str))
    article_id = meta.get("id") if isinstance(meta.get("id"), str) else None
    updated = meta.get("updated") if isinstance(meta.get("updated"), dt.date) else None
    article = Article(
        path=path,
        title=title.strip(),
        summary=summary.strip(),
        tags=tags,
        id=article_id,
        updated=updated,
        sections=tuple(sections),
        links=tuple(links),
        meta=MappingProxyType(meta),
        body=body,
        title_line=h1_line,
        field_lines=MappingProxyType(field_lines),
    )
    return article, problems


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
        return None, [
            Problem(rel, line, f"file is not valid UTF-8 (byte {exc.start})", "re-save the file as UTF-8")
        ]
    return parse_article(rel, text)


def iter_article_files(docs_dir: Path, drafts: bool = False) -> Iterator[Path]:
    """Markdown files that are articles (or, with ``drafts``, the files in ``_drafts/``).

    Skipped: the home page ``index.md``, and anything under a folder or file whose name starts
    with ``_`` or ``.`` (``_drafts/`` is returned only with ``drafts=True``).
    """
    root = docs_dir / "_drafts" if drafts else docs_dir
    if not root.is_dir():
        return
    for file in sorted(root.rglob("*.md")):
        rel = file.relative_to(root)
        if any(part.startswith((".", "_")) for part in rel.parts):
            continue
        if not drafts and rel.as_posix() == "index.md":
            continue
        yield file
