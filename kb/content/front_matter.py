"""Front matter: splitting it from the body, locating its fields, validating their values.

Every problem is collected (none raised) so ``kb check`` can report them all at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from kb.content.problems import Problem
from kb.errors import ConflictError, ContentError
from kb.store import write_text_atomic
from kb.text import split_sentences

__all__ = [
    "KB_STATUSES",
    "KNOWN_FIELDS",
    "MAX_SUMMARY_CHARS",
    "MKDOCS_FIELDS",
    "edit_front_matter",
    "field_lines",
    "is_valid_id",
    "split_front_matter",
    "update_front_matter",
    "validate_meta",
    "yaml_error_line",
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
        "proposal_evidence",
        "questions",
        "imported_from",
    }
)
#: Fields MkDocs, Material for MkDocs and its blog plugin read from a page. They are passed to
#: the theme unchanged (kb only acts on ``search: exclude`` and reads ``title``/``description``),
#: so existing MkDocs docs check without warnings.
MKDOCS_FIELDS = frozenset(
    {
        "title",
        "description",
        "template",
        "hide",
        "icon",
        "status",
        "search",
        "tags",
        "subtitle",
        "social",
        "comments",
        # the blog plugin's post fields
        "date",
        "authors",
        "categories",
        "links",
        "slug",
        "draft",
        "pin",
        "readtime",
    }
)
#: kb's workflow states in ``status``. Material uses the same field for a page badge
#: (``new``, ``deprecated``…, named in ``extra.status``): any other value is such a badge.
KB_STATUSES = frozenset({"published", "draft", "proposal", "applied", "rejected"})
_HIDE_VALUES = frozenset({"navigation", "toc", "footer", "tags", "feedback", "path"})
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")


def is_valid_id(value: object) -> bool:
    """An article id: 2 to 64 lower-case letters, digits and dashes (it is a short link's path, /s/{id}/)."""
    return isinstance(value, str) and _ID_RE.match(value) is not None


def split_front_matter(text: str) -> tuple[str | None, str, int]:
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


def yaml_error_line(exc: yaml.YAMLError) -> int:
    mark = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    opened = str(getattr(exc, "context", "")).startswith(("while scanning a quoted", "while parsing a flow"))
    if context is not None and (opened or "end of stream" in str(getattr(exc, "problem", ""))):
        mark = context  # an unclosed quote or bracket: point at where it opened
    # The front matter text starts with the newline ending the opening '---' (line 1), and
    # YAML marks count from 0, so mark line n is file line n + 1.
    return int(mark.line) + 1 if mark is not None else 1


def field_lines(fm: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    # ``fm`` starts with the newline that ends the opening '---' (line 1).
    for number, line in enumerate(fm.split("\n"), start=1):
        match = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if match:
            lines.setdefault(match.group(1), number)
    return lines


def validate_meta(path: str, meta: Mapping[str, Any], lines: Mapping[str, int], problems: list[Problem]) -> None:
    def add(fieldname: str, message: str, hint: str, severity: str = "error") -> None:
        problems.append(Problem(path, lines.get(fieldname, 1), message, hint, severity))

    # A missing title or summary is no error: MkDocs pages rarely have them, and kb falls back
    # to the H1 and the first sentence (kb.content.article warns once for the summary).
    for name in ("title", "summary", "description"):
        value = meta.get(name)
        if value is not None and not isinstance(value, str):
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
    if article_id is not None and not is_valid_id(article_id):
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
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str | int) for v in value)):
            add(name, f"front matter field '{name}' must be a list", f"write {name}: [first, second]")
    questions = meta.get("questions")  # regression questions for kb eval
    if questions is not None and not (
        isinstance(questions, list) and all(isinstance(q, str) and q.strip() for q in questions)
    ):
        add(
            "questions",
            "front matter field 'questions' must be a list of questions (text)",
            'write questions: ["how do I export invoices?", "why is my export empty?"]',
        )
    _validate_mkdocs_fields(meta, add)
    for name in meta:
        if name not in KNOWN_FIELDS and name not in MKDOCS_FIELDS:
            add(
                name,
                f"unknown front matter field '{name}'",
                f"remove it or use one of: {', '.join(sorted(KNOWN_FIELDS))} (or a MkDocs/Material field)",
                "warning",
            )


def _validate_mkdocs_fields(meta: Mapping[str, Any], add: Callable[[str, str, str, str], None]) -> None:
    """Material's own fields, checked as Material reads them (warnings: the page still builds)."""
    search = meta.get("search")
    if search is not None and not (
        isinstance(search, dict)
        and set(search) <= {"exclude", "boost"}
        and isinstance(search.get("exclude", False), bool)
    ):
        add(
            "search",
            f"front matter field 'search' is not understood: {search!r}",
            "write search: {exclude: true}",
            "warning",
        )
    hide = meta.get("hide")
    if hide is not None:
        values = hide if isinstance(hide, list) else [hide]
        unknown = [v for v in values if v not in _HIDE_VALUES]
        if unknown:
            add(
                "hide",
                f"front matter field 'hide' has unknown value(s): {', '.join(map(repr, unknown))}",
                f"use a list of: {', '.join(sorted(_HIDE_VALUES))}",
                "warning",
            )
    for name in ("template", "icon", "subtitle", "status"):
        value = meta.get(name)
        if value is not None and not isinstance(value, str):
            add(
                name,
                f"front matter field '{name}' must be text, got {type(value).__name__}",
                f"write {name}: ...",
                "warning",
            )


# The boundary python-frontmatter splits on (``^-{3,}\s*$``), without letting ``\s`` eat newlines.
_BOUNDARY_RE = re.compile(r"^-{3,}[ \t\r]*$", re.MULTILINE)
_KEY_LINE_RE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")


def _render_field(name: str, value: object, newline: str) -> list[str]:
    if isinstance(value, tuple):
        value = list(value)
    if isinstance(value, list) and not any(isinstance(v, list | tuple | dict) for v in value):
        flow = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1_000_000)
        dumped = f"{name}: {flow.strip()}"  # tags: [a, b], the way writers write lists
    else:
        dumped = yaml.safe_dump({name: value}, sort_keys=False, allow_unicode=True, width=1_000_000)
    return [line + newline for line in dumped.rstrip("\n").split("\n")]


def _field_blocks(lines: list[str]) -> list[tuple[str | None, list[str]]]:
    """Group front matter lines: (field name, its lines) or (None, a line that is no field)."""
    blocks: list[tuple[str | None, list[str]]] = []
    for line in lines:
        match = _KEY_LINE_RE.match(line)
        if match:
            blocks.append((match.group(1), [line]))
        elif blocks and blocks[-1][0] is not None and (line[:1] in (" ", "\t", "-") or not line.strip()):
            blocks[-1][1].append(line)  # an indented value, a block list, or a blank line
        else:
            blocks.append((None, [line]))
    return blocks


def update_front_matter(text: str, changes: Mapping[str, object | None]) -> str:
    """Set (or, with ``None``, remove) top-level front matter fields of an article's text.

    Everything else stays as it was, byte for byte: the body, the other fields with their
    order, quoting and comments. A changed field keeps its place; a new one goes last. Values
    are written with ``yaml.safe_dump``. Text without front matter gets one.
    Raises ``ContentError`` if the front matter is not a YAML mapping kb can edit.
    """
    for name in changes:
        if not _KEY_LINE_RE.match(f"{name}: "):
            raise ValueError(f"not a plain front matter field name: {name!r}")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    rest = text[len(bom) :]
    newline = "\r\n" if "\r\n" in rest.split("\n", 1)[0] + "\n" else "\n"
    bounds = [m for _, m in zip(range(2), _BOUNDARY_RE.finditer(rest), strict=False)]
    if bounds and bounds[0].start() == 0 and len(bounds) < 2:
        raise ContentError("the front matter is never closed", "end it with a line of '---', then retry")
    if len(bounds) < 2 or bounds[0].start() != 0:
        added = [
            line for name, value in changes.items() if value is not None for line in _render_field(name, value, newline)
        ]
        if not added:
            return text
        return bom + "---" + newline + "".join(added) + "---" + newline + rest
    opening_end = rest.index("\n", bounds[0].start()) + 1
    head, fm, tail = rest[:opening_end], rest[opening_end : bounds[1].start()], rest[bounds[1].start() :]
    try:
        before = yaml.safe_load(fm) if fm.strip() else {}
    except yaml.YAMLError as exc:
        raise ContentError("the front matter is not valid YAML", "fix it (see kb check), then retry") from exc
    if not isinstance(before, dict):
        raise ContentError("the front matter is not a mapping of field: value", "fix it (see kb check), then retry")
    blocks = _field_blocks(fm.splitlines(keepends=True))
    found = {name for name, _ in blocks if name is not None}
    unusual = [name for name in changes if name in before and name not in found]
    if unusual:
        raise ContentError(
            f"cannot edit front matter field '{unusual[0]}': it is not written as '{unusual[0]}: value'",
            "write each field on its own line as 'field: value', then retry",
        )
    out: list[str] = []
    done: set[str] = set()
    for key, lines in blocks:
        if key is None or key not in changes:
            out.extend(lines)
            continue
        value = changes[key]
        blank = len(lines)
        while blank > 1 and not lines[blank - 1].strip():
            blank -= 1
        if value is not None and key not in done:
            out.extend(_render_field(key, value, newline))
            out.extend(lines[blank:])  # keep the blank lines that separated it from the next field
        done.add(key)
    for name, value in changes.items():
        if name not in done and value is not None:
            out.extend(_render_field(name, value, newline))
    return bom + head + "".join(out) + tail


def edit_front_matter(path: Path, changes: Mapping[str, object | None], *, durable: bool = True) -> bool:
    """Apply :func:`update_front_matter` to the file at ``path`` in place; True if it changed.

    The body is kept byte for byte (the file is read as bytes, so its line endings stay), the
    file is replaced atomically and keeps its mode. Raises ``ConflictError`` if someone saved the
    file between the read and the write, rather than undoing their edit.
    """
    text = path.read_bytes().decode("utf-8")
    updated = update_front_matter(text, changes)
    if updated == text:
        return False
    if path.read_bytes().decode("utf-8") != text:
        raise ConflictError(f"{path.name} changed while kb was editing it", "try again")
    write_text_atomic(path, updated, durable=durable)
    return True
