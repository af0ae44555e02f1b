"""Front matter: splitting it from the body, locating its fields, validating their values.

Every problem is collected (none raised) so ``kb check`` can report them all at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from kb.problems import Problem
from kb.sentences import split_sentences

__all__ = ["KNOWN_FIELDS", "MAX_SUMMARY_CHARS", "field_lines", "split_front_matter", "validate_meta", "yaml_error_line"]

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
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str | int) for v in value)):
            add(name, f"front matter field '{name}' must be a list", f"write {name}: [first, second]")
    for name in meta:
        if name not in KNOWN_FIELDS:
            add(
                name,
                f"unknown front matter field '{name}'",
                f"remove it or use one of: {', '.join(sorted(KNOWN_FIELDS))}",
                "warning",
            )
