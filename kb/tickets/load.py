"""Import support tickets from Zendesk, Freshdesk, CSV or a webhook into one :class:`Ticket` model.

    result = load_tickets(Path("export.json"), csv_columns=settings.csv_columns,
                          max_body_bytes=settings.max_body_bytes)
    for ticket in result.tickets:
        ok, reason = qualifies(ticket)       # resolved/solved/closed and tagged "new issue"
    for error in result.errors:              # one per record that could not be imported
        print(error)                         # ticket 48213: field 'subject' is missing — ...

The shape is read off the content (:func:`detect_format`), not the file name. A bad record becomes
a :class:`RecordError` and the rest of the file still imports; a file that is not a ticket export at
all raises ``InputError`` naming the file and the problem. Invalid UTF-8 is replaced and noted,
bodies over ``max_body_bytes`` are truncated with ``[truncated: N bytes removed]``, HTML becomes
plain Markdown-ish text. Template-like text (``{{ }}``, ``{% %}``) and characters such as ``<``
that a customer typed are kept as text: escaping them for the page is the drafts' job.

The parsing lives in ``ticket_formats`` (JSON shapes), ``ticket_csv``, ``ticket_fields`` and
``ticket_text``; this module is the public API and the only place that touches files.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from kb.config import Settings
from kb.errors import ConfigError, InputError
from kb.tickets.csv_rows import CSV_COLUMNS, parse_csv
from kb.tickets.fields import ParseContext, RecordProblem, describe, id_value, record_error, record_label
from kb.tickets.formats import (
    freshdesk_ticket,
    kb_ticket,
    read_json_export,
    record_shape,
    users_by_id,
    zendesk_ticket,
)
from kb.tickets.model import (
    NEW_ISSUE_TAG,
    RESOLVED_STATUSES,
    ImportResult,
    Message,
    RecordError,
    Role,
    Source,
    Ticket,
    TicketFormat,
    has_new_issue_tag,
    is_new_issue_tag,
    normalise_status,
    qualifies,
)
from kb.tickets.text import decode_export, html_to_text

__all__ = [
    "CSV_COLUMNS",
    "DEFAULT_MAX_BODY_BYTES",
    "NEW_ISSUE_TAG",
    "RESOLVED_STATUSES",
    "ImportResult",
    "Message",
    "RecordError",
    "Role",
    "Source",
    "Ticket",
    "TicketFormat",
    "detect_format",
    "has_new_issue_tag",
    "html_to_text",
    "is_new_issue_tag",
    "load_tickets",
    "normalise_status",
    "parse_ticket_payload",
    "parse_tickets",
    "qualifies",
]

DEFAULT_MAX_BODY_BYTES: int = Settings.max_body_bytes
_PAYLOAD_HINT = (
    'send kb\'s shape {"id", "subject", "status", "tags", "requester": {"name", "email"}, '
    '"messages": [{"role", "body", "public"}]}, or a Zendesk or Freshdesk ticket object'
)


def _context(max_body_bytes: int) -> ParseContext:
    if isinstance(max_body_bytes, bool) or not isinstance(max_body_bytes, int) or max_body_bytes < 1:
        raise ConfigError(
            f"max_body_bytes must be a whole number of at least 1, got {max_body_bytes!r}",
            "set max_body_bytes in [tool.kb] or KB_MAX_BODY_BYTES",
        )
    return ParseContext(max_body_bytes=max_body_bytes, notes=[])


def _decode(data: bytes, filename: str, notes: list[str]) -> str:
    text, bad_byte = decode_export(data)
    if bad_byte is not None:
        notes.append(
            f"{filename}: bytes that are not valid UTF-8 were replaced with U+FFFD "
            f"(first at byte {bad_byte}); export the file as UTF-8 if names or accents look wrong"
        )
    if not text.strip():
        raise InputError(f"{filename}: the file is empty", "export the tickets again")
    return text


def _is_json(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")


def _is_csv(text: str, filename: str) -> bool:
    first_line = text.lstrip("\n").split("\n", 1)[0]
    return any(sep in first_line for sep in (",", ";", "\t")) or filename.lower().endswith((".csv", ".tsv"))


def _not_an_export(filename: str) -> InputError:
    return InputError(
        f"{filename}: not a known ticket export: neither JSON nor a CSV header row",
        "export Zendesk or Freshdesk tickets as JSON, or a spreadsheet as CSV with a header row",
    )


def detect_format(data: bytes, filename: str = "") -> TicketFormat:
    """Return "zendesk", "freshdesk" or "csv", read off the content; the name only labels messages.

    JSON is told apart by its shape (``{"tickets": [...]}`` is Zendesk, an array or JSONL is
    Freshdesk) and by the keys of its tickets; anything else must look like a CSV header row.
    Raises ``InputError`` for an empty, malformed or unrecognised file.
    """
    name = filename or "input"
    text = _decode(data, name, [])
    if _is_json(text):
        return read_json_export(text, name).export_format
    if _is_csv(text, name):
        return "csv"
    raise _not_an_export(name)


def _parse_json(
    text: str, filename: str, export_format: TicketFormat | None, ctx: ParseContext
) -> tuple[TicketFormat, list[tuple[str, Ticket]], list[RecordError]]:
    export = read_json_export(text, filename, export_format)
    tickets: list[tuple[str, Ticket]] = []
    errors: list[RecordError] = []
    for position, raw in export.records:
        if isinstance(raw, RecordError):
            errors.append(raw)
            continue
        ticket_id = id_value(raw.get("id")) if isinstance(raw, Mapping) else None
        where = record_label(ticket_id, position)
        try:
            if export.export_format == "zendesk":
                ticket = zendesk_ticket(raw, export.users, ctx, where)
            else:
                ticket = freshdesk_ticket(raw, ctx, where)
        except RecordProblem as problem:
            errors.append(record_error(problem, ticket_id, position))
            continue
        tickets.append((position, ticket))
    return export.export_format, tickets, errors


def _first_of_each_id(tickets: list[tuple[str, Ticket]]) -> tuple[list[Ticket], list[RecordError]]:
    """Drop repeats of an id: one ticket id must mean one ticket, or provenance means nothing."""
    first: dict[str, str] = {}
    kept: list[Ticket] = []
    errors: list[RecordError] = []
    for position, ticket in tickets:
        if ticket.id in first:
            message = (
                f"ticket {ticket.id}: field 'id' repeats the ticket at {first[ticket.id]} "
                f"(this one at {position} was skipped) — remove the duplicate from the export"
            )
            errors.append(RecordError(record=ticket.id, field="id", message=message))
            continue
        first[ticket.id] = position
        kept.append(ticket)
    return kept, errors


def parse_tickets(
    data: bytes,
    filename: str,
    *,
    csv_columns: Mapping[str, str] | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    export_format: TicketFormat | None = None,
) -> ImportResult:
    """Parse an export's bytes. ``filename`` names the file in messages; the shape comes from the
    content unless ``export_format`` forces one. Bad records are reported in ``ImportResult.errors``;
    ``InputError`` is raised only for a file that is not a ticket export at all, ``ConfigError`` for
    an unknown ``csv_columns`` field or a ``max_body_bytes`` below 1.
    """
    ctx = _context(max_body_bytes)
    name = filename or "input"
    text = _decode(data, name, ctx.notes)
    detected: TicketFormat
    if export_format == "csv" or (export_format is None and not _is_json(text)):
        if export_format is None and not _is_csv(text, name):
            raise _not_an_export(name)
        detected = "csv"
        pairs, errors = parse_csv(text, name, csv_columns, ctx)
    else:
        detected, pairs, errors = _parse_json(text, name, export_format, ctx)
    tickets, repeats = _first_of_each_id(pairs)
    return ImportResult(tickets, errors + repeats, ctx.notes, name, detected)


def load_tickets(
    path: Path,
    *,
    csv_columns: Mapping[str, str] | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    export_format: TicketFormat | None = None,
) -> ImportResult:
    """Read and parse one export file (see :func:`parse_tickets`)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(f"{path}: cannot be read: {reason}", "check the path and its permissions") from None
    return parse_tickets(
        data, str(path), csv_columns=csv_columns, max_body_bytes=max_body_bytes, export_format=export_format
    )


def parse_ticket_payload(
    obj: Mapping[str, object], source: Source = "webhook", *, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
) -> Ticket:
    """One ticket posted to the webhook: kb's own shape, or a Zendesk- or Freshdesk-like object
    (bare or wrapped as ``{"ticket": {...}}``, Zendesk's ``users`` alongside).

    Raises ``InputError`` naming the field that is missing or wrong.
    """
    ctx = _context(max_body_bytes)
    if not isinstance(obj, Mapping):
        raise InputError(f"ticket payload must be a JSON object, got {describe(obj)}", _PAYLOAD_HINT)
    inner: object = obj.get("ticket", obj)
    if not isinstance(inner, Mapping):
        what = describe(inner)
        raise InputError(f"ticket payload: field 'ticket' must be an object, got {what}", _PAYLOAD_HINT)
    shape = record_shape(inner)
    ticket_id = id_value(inner.get("id"))
    where = record_label(ticket_id, "payload") if ticket_id else "ticket payload"
    try:
        if shape == "kb":
            return kb_ticket(inner, ctx, where, source)
        if shape == "freshdesk":
            return freshdesk_ticket(inner, ctx, where, source)
        if shape == "zendesk":
            return zendesk_ticket(inner, users_by_id(obj.get("users")), ctx, where, source)
    except RecordProblem as problem:
        raise InputError(f"{where}: field '{problem.field}' {problem.problem}", problem.hint) from None
    keys = ", ".join(sorted(str(key) for key in inner)[:8]) or "none"
    raise InputError(f"ticket payload is not a known ticket shape (keys: {keys})", _PAYLOAD_HINT)
