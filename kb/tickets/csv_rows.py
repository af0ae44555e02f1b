"""CSV ticket exports: one ticket per row, a header row, columns found by name.

Each kb field has a few usual header names (``id``, ``Ticket ID``, ``ticket_number``, ...); headers
match ignoring case, spaces, ``_`` and ``-``. ``Settings.csv_columns`` maps a kb field to the
exact column name of an export that uses its own; a mapped column that is absent is an error.

A row holds the customer's message (``description``), the agent's public reply (``resolution``) and
optionally an internal note (``internal_note``, kept as a private message so it never counts as a
reply). The delimiter is ``,``, ``;`` (Excel in many locales) or a tab, read off the header row.
Rows are numbered the way a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping

from kb.errors import ConfigError, InputError
from kb.tickets.fields import ParseContext, RecordProblem, body_text, record_error, split_tags, timestamp
from kb.tickets.model import Message, RecordError, Ticket, normalise_status

__all__ = ["CSV_COLUMNS", "parse_csv"]

CSV_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "id": ("id", "ticket_id", "ticket", "ticket_number", "ticket_no", "number"),
    "subject": ("subject", "title", "summary", "topic"),
    "status": ("status", "state", "ticket_status"),
    "tags": ("tags", "tag", "labels", "ticket_tags"),
    "description": ("description", "body", "description_text", "question", "customer_message", "message"),
    "resolution": ("resolution", "agent_reply", "reply", "answer", "solution", "response"),
    "internal_note": ("internal_note", "private_note", "internal_notes", "private_notes"),
    "requester_name": ("requester_name", "requester", "customer_name", "customer", "contact_name"),
    "requester_email": ("requester_email", "email", "customer_email", "contact_email"),
    "agent_name": ("agent_name", "agent", "assignee", "responder"),
    "created_at": ("created_at", "created", "created_date", "date", "opened_at"),
    "updated_at": ("updated_at", "updated", "resolved_at", "closed_at", "last_updated"),
}
_REQUIRED = ("id", "subject")
_WORTH_A_NOTE = {
    "status": "no ticket from this file can count as resolved",
    "tags": "no ticket from this file can carry the 'new issue' tag",
    "description": "tickets have no customer message",
}
_NON_WORD = re.compile(r"[\W_]+")


def _header_key(name: str) -> str:
    return _NON_WORD.sub("", name.casefold())


def _delimiter(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _columns(
    header: list[str], mapping: Mapping[str, str], filename: str, notes: list[str]
) -> dict[str, int]:
    """kb field → column index, from the mapping first and the usual names second."""
    unknown = sorted(set(mapping) - set(CSV_COLUMNS))
    if unknown:
        raise ConfigError(
            f"csv_columns: unknown field(s) {', '.join(unknown)}",
            f"use these kb fields as keys: {', '.join(CSV_COLUMNS)}",
        )
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        positions.setdefault(_header_key(name), index)
    shown = ", ".join(repr(name) for name in header[:20])
    found: dict[str, int] = {}
    for kb_field, candidates in CSV_COLUMNS.items():
        if kb_field in mapping:
            mapped = positions.get(_header_key(mapping[kb_field]))
            if mapped is None:
                raise InputError(
                    f"{filename}: column {mapping[kb_field]!r} (csv_columns.{kb_field}) is not in the header "
                    f"(columns: {shown})",
                    "fix csv_columns in [tool.kb] of pyproject.toml or the file's header row",
                )
            found[kb_field] = mapped
            continue
        usual = next((positions[_header_key(c)] for c in candidates if _header_key(c) in positions), None)
        if usual is not None:
            found[kb_field] = usual
        elif kb_field in _REQUIRED:
            raise InputError(
                f"{filename}: no {kb_field} column (looked for {', '.join(candidates)}; columns: {shown})",
                f'name the column in csv_columns, e.g. [tool.kb.csv_columns] {kb_field} = "Your Column"',
            )
        elif kb_field in _WORTH_A_NOTE:
            notes.append(f"{filename}: no {kb_field} column; {_WORTH_A_NOTE[kb_field]}")
    return found


def _row_ticket(
    cells: dict[str, str], header: list[str], found: dict[str, int], ctx: ParseContext, where: str
) -> Ticket:
    def column(kb_field: str) -> str:
        return header[found[kb_field]]

    ticket_id = cells.get("id", "")
    if not ticket_id:
        raise RecordProblem("id", f"is empty (column {column('id')!r})")
    subject = " ".join(cells.get("subject", "").split())
    if not subject:
        raise RecordProblem("subject", f"is empty (column {column('subject')!r})")
    created = timestamp(cells.get("created_at"), "created_at", ctx, where)
    updated = timestamp(cells.get("updated_at"), "updated_at", ctx, where)
    requester = " ".join(cells.get("requester_name", "").split())
    agent = " ".join(cells.get("agent_name", "").split())
    messages: list[Message] = []
    for kb_field, role, name, public, when in (
        ("description", "customer", requester, True, created),
        ("resolution", "agent", agent, True, updated),
        ("internal_note", "agent", agent, False, updated),
    ):
        text = body_text(cells.get(kb_field), kb_field, is_html=False, ctx=ctx, where=where)
        if text:
            messages.append(Message("customer" if role == "customer" else "agent", name, text, public, when))
    return Ticket(
        id=ticket_id,
        subject=subject,
        status=normalise_status(cells.get("status", "")),
        tags=split_tags(cells.get("tags", "")),
        messages=tuple(messages),
        requester_name=requester,
        requester_email=cells.get("requester_email", "").strip(),
        created=created,
        updated=updated,
        source="csv",
    )


def parse_csv(
    text: str, filename: str, mapping: Mapping[str, str] | None, ctx: ParseContext
) -> tuple[list[tuple[str, Ticket]], list[RecordError]]:
    """Parse a decoded CSV export: (position, ticket) pairs and one error per bad row."""
    # A body can be far larger than csv's 128 KiB default field limit, and a field can never be
    # longer than the file. The limit is process-wide, so it is only ever raised, never lowered.
    if csv.field_size_limit() < len(text) + 1:
        csv.field_size_limit(len(text) + 1)
    text = text.replace("\x00", "")  # csv rejects NUL outright; it never belongs in a ticket
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text.split("\n", 1)[0]))
    tickets: list[tuple[str, Ticket]] = []
    errors: list[RecordError] = []
    row_number = 1
    try:
        header = next(reader, None)
        if header is None or not any(name.strip() for name in header):
            raise InputError(f"{filename}: the CSV has no header row", "put column names on the first line")
        header = [name.strip() for name in header]
        found = _columns(header, mapping or {}, filename, ctx.notes)
        for row in reader:
            row_number += 1
            if not any(cell.strip() for cell in row):
                continue
            cells = {kb_field: row[i].strip() if i < len(row) else "" for kb_field, i in found.items()}
            position = f"row {row_number}"
            ticket_id = cells.get("id") or None
            where = f"ticket {ticket_id} ({position})" if ticket_id else f"ticket at {position}"
            try:
                tickets.append((position, _row_ticket(cells, header, found, ctx, where)))
            except RecordProblem as problem:
                # the row number too: a spreadsheet user finds a row faster than an id
                errors.append(record_error(problem, ticket_id, position, label=where))
    except csv.Error as exc:
        raise InputError(
            f"{filename}: the CSV cannot be read after row {row_number}: {exc}",
            "check that quotes are balanced, or export the file again",
        ) from None
    return tickets, errors
