"""Support tickets from any export shape into one :class:`Ticket` model, and the "new issue" rule."""

from __future__ import annotations

from kb.tickets.load import detect_format, load_tickets, parse_ticket_payload, parse_tickets
from kb.tickets.model import (
    ImportResult,
    Message,
    RecordError,
    Ticket,
    has_new_issue_tag,
    is_new_issue_tag,
    normalise_status,
    qualifies,
)
from kb.tickets.text import html_to_text

__all__ = [
    "ImportResult",
    "Message",
    "RecordError",
    "Ticket",
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
