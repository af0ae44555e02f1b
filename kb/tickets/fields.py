"""Reading one field of one raw ticket record into a clean, typed value.

The format parsers call these; a field that cannot be used raises :class:`RecordProblem`, which the
caller turns into a :class:`~kb.tickets.model.RecordError` for that record (a file) or an
``InputError`` (a webhook). Adjustments that still import (a truncated body, a date that could not
be read) are appended to the context's notes instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from kb.tickets.model import RecordError
from kb.tickets.text import clean_text, clip_body, html_to_text, looks_like_html, truncation_marker

__all__ = [
    "ParseContext",
    "RecordProblem",
    "as_object",
    "body_text",
    "describe",
    "flag",
    "id_value",
    "record_error",
    "record_id",
    "record_label",
    "split_tags",
    "tag_list",
    "text_field",
    "timestamp",
]

_TAG_SEPARATORS = re.compile(r"[,;|]")
_HINTS = {
    "id": "every ticket needs its id (it is the draft's provenance); include the id in the export",
    "subject": "every ticket needs a subject (it becomes the article's title); fill it in or leave the "
    "ticket out of the export",
}


class RecordProblem(Exception):
    """A field of one record is missing or unusable: ``field`` names it, ``problem`` says how."""

    def __init__(self, field: str, problem: str, hint: str = "") -> None:
        super().__init__(f"field '{field}' {problem}")
        self.field = field
        self.problem = problem
        self.hint = hint or _HINTS.get(field, "fix the value in the export, or leave the ticket out")


@dataclass(frozen=True)
class ParseContext:
    """What every field reader of one import needs: the body size limit and where notes go."""

    max_body_bytes: int
    notes: list[str]


def describe(value: object) -> str:
    """What a field held, as its kind and a short preview, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"text ({value[:40]!r})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def record_label(record_id: str | None, position: str) -> str:
    """How a record is named in messages: by id when known, else by its place in the file."""
    if record_id:
        return f"ticket {record_id}"
    return f"ticket {position}" if position.startswith("#") else f"ticket at {position}"


def record_error(
    problem: RecordProblem, record_id: str | None, position: str, label: str | None = None
) -> RecordError:
    """The error for one record; ``label`` overrides how the record is named in the message."""
    label = label or record_label(record_id, position)
    message = f"{label}: field '{problem.field}' {problem.problem} — {problem.hint}"
    return RecordError(record=record_id or position, field=problem.field, message=message)


def as_object(value: object, field: str = "ticket") -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise RecordProblem(field, f"must be an object, got {describe(value)}", "export it as a JSON object")
    return value


def id_value(value: object) -> str | None:
    """An id as text (JSON ids are numbers or strings), or None when there is no usable one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def record_id(obj: Mapping[str, object], key: str = "id") -> str:
    value = obj.get(key)
    if value is None:
        raise RecordProblem(key, "is missing", _HINTS["id"])
    found = id_value(value)
    if found is None:
        raise RecordProblem(key, f"must be a number or text, got {describe(value)}", _HINTS["id"])
    return found


def text_field(obj: Mapping[str, object], key: str, *, required: bool = False, field: str = "") -> str:
    """A single-line or short text field (subject, names, status), whitespace-collapsed."""
    name = field or key
    value = obj.get(key)
    if value is None:
        if required:
            raise RecordProblem(name, "is missing")
        return ""
    if not isinstance(value, str):
        raise RecordProblem(name, f"must be text, got {describe(value)}")
    text = " ".join(clean_text(value).split())
    if required and not text:
        raise RecordProblem(name, "is empty")
    return text


def split_tags(text: str) -> tuple[str, ...]:
    """Tags from one text cell: separated by ``,`` ``;`` or ``|``, trimmed, duplicates dropped."""
    return _dedupe(part for part in _TAG_SEPARATORS.split(text))


def _dedupe(tags: Iterable[object]) -> tuple[str, ...]:
    seen: dict[str, None] = {}  # an ordered set: keep the export's order
    for tag in tags:
        cleaned = " ".join(clean_text(str(tag)).split())
        if cleaned:
            seen.setdefault(cleaned, None)
    return tuple(seen)


def tag_list(value: object, field: str = "tags") -> tuple[str, ...]:
    """Tags as a JSON list of strings, or one string of separated tags."""
    if value is None:
        return ()
    if isinstance(value, str):
        return split_tags(value)
    if isinstance(value, list):
        for position, tag in enumerate(value, 1):
            if not isinstance(tag, str):
                raise RecordProblem(f"{field}[{position}]", f"must be text, got {describe(tag)}")
        return _dedupe(value)
    raise RecordProblem(field, f"must be a list of text, got {describe(value)}")


def flag(value: object, field: str, default: bool) -> bool:
    """A true/false field; "true"/"false" text is accepted because CSV-born JSON often has it."""
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "false"}:
        return value.strip().lower() == "true"
    raise RecordProblem(field, f"must be true or false, got {describe(value)}")


def timestamp(value: object, field: str, ctx: ParseContext, where: str) -> datetime | None:
    """An ISO 8601 date/time (or Unix seconds). Unreadable dates are noted, not fatal: a date is
    never needed to draft. Naive times are taken as UTC so all times compare.
    """
    if value is None or value == "":
        return None
    moment: datetime | None = None
    try:
        if isinstance(value, str):
            moment = datetime.fromisoformat(value.strip())
        elif isinstance(value, int | float) and not isinstance(value, bool):
            seconds = value / 1000 if value > 100_000_000_000 else value
            moment = datetime.fromtimestamp(seconds, tz=UTC)
    except (ValueError, OverflowError, OSError):
        moment = None
    if moment is None:
        ctx.notes.append(f"{where}: field '{field}' is not a date ({describe(value)}); left empty")
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def body_text(value: object, field: str, *, is_html: bool, ctx: ParseContext, where: str) -> str:
    """A message body as plain Markdown-ish text, cut to the size limit with a visible marker.

    The limit applies to the body as received, before HTML conversion, so a huge body never costs
    a huge conversion.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordProblem(field, f"must be text, got {describe(value)}")
    text, removed = clip_body(value, ctx.max_body_bytes)
    if removed:
        ctx.notes.append(
            f"{where}: field '{field}' was {removed + len(text.encode('utf-8'))} bytes; kept the first "
            f"{ctx.max_body_bytes} (max_body_bytes)"
        )
    text = html_to_text(text) if is_html or looks_like_html(text) else clean_text(text).strip()
    if removed:
        text = f"{text}\n\n{truncation_marker(removed)}"
    return text
