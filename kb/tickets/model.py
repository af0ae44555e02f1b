"""The one ticket model every export shape is parsed into, and the "new issue" rule.

Import through :mod:`kb.tickets.load`, which re-exports everything public here. The values are frozen:
a parsed ticket is a fact about an export, and the drafting steps downstream only read it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

__all__ = [
    "NEW_ISSUE_TAG",
    "RESOLVED_STATUSES",
    "ImportResult",
    "Message",
    "RecordError",
    "Role",
    "Source",
    "Ticket",
    "TicketFormat",
    "has_new_issue_tag",
    "is_new_issue_tag",
    "normalise_status",
    "qualifies",
]

Role = Literal["customer", "agent"]
Source = Literal["zendesk", "freshdesk", "csv", "webhook"]
TicketFormat = Literal["zendesk", "freshdesk", "csv"]

NEW_ISSUE_TAG = "new issue"
RESOLVED_STATUSES = frozenset({"resolved", "closed"})

# Every help desk names the same few states differently; Zendesk's "solved" is Freshdesk's "resolved".
# Anything else (Zendesk "hold", Freshdesk custom statuses) is kept as the raw lowercased value.
_STATUS_ALIASES = {
    "new": "new",
    "open": "open",
    "pending": "pending",
    "resolved": "resolved",
    "solved": "resolved",
    "closed": "closed",
}


@dataclass(frozen=True)
class Message:
    """One comment, reply or note on a ticket, as plain Markdown-ish text."""

    author_role: Role
    author_name: str
    body: str
    public: bool = True
    created: datetime | None = None


@dataclass(frozen=True)
class Ticket:
    """A support ticket from any source system, normalised.

    ``status`` is one of new, open, pending, resolved, closed, or the raw lowercased value.
    ``messages`` keeps every message in export order, private notes included, so the model is a
    faithful copy; anything public-facing must read ``customer_messages`` and ``agent_replies``.
    """

    id: str
    subject: str
    status: str
    tags: tuple[str, ...]
    messages: tuple[Message, ...]
    requester_name: str = ""
    requester_email: str = ""
    created: datetime | None = None
    updated: datetime | None = None
    source: Source = "webhook"

    @property
    def customer_messages(self) -> tuple[Message, ...]:
        """The customer's public messages (a private one can only be an agent's note on their behalf)."""
        return tuple(m for m in self.messages if m.author_role == "customer" and m.public)

    @property
    def agent_replies(self) -> tuple[Message, ...]:
        """The agents' public replies. Private and internal notes never count: drafts are public-to-be."""
        return tuple(m for m in self.messages if m.author_role == "agent" and m.public)

    @property
    def is_resolved(self) -> bool:
        return self.status in RESOLVED_STATUSES


@dataclass(frozen=True)
class RecordError:
    """One record of an export that could not be imported; the rest of the file still is.

    ``record`` is the ticket id when it could be read, otherwise the position ("#3", "line 7",
    "row 4"); ``message`` is the whole sentence to show, e.g.
    ``ticket 48213: field 'subject' is missing — every ticket needs a subject ...``.
    """

    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class ImportResult:
    """What one export file gave: the tickets, the records that failed, and notes.

    A note is something that was adjusted but still imported (replaced bytes, a truncated body, an
    unreadable date, a missing optional column); an error means that record was not imported.
    """

    tickets: list[Ticket]
    errors: list[RecordError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    filename: str = ""
    export_format: TicketFormat | None = None

    @property
    def ok(self) -> bool:
        """True when every record imported (the CLI exits non-zero otherwise)."""
        return not self.errors


def normalise_status(raw: str) -> str:
    """Map a status name onto kb's few states ("Solved" → "resolved"); keep unknown ones lowercased."""
    key = " ".join(raw.split()).casefold()
    return _STATUS_ALIASES.get(key, key)


def _tag_key(tag: str) -> str:
    # Letters and digits only, so separators (space, _, -, #) and case never matter; NFKC folds
    # full-width and other compatibility forms that pasted tags sometimes carry.
    return "".join(ch for ch in unicodedata.normalize("NFKC", tag).casefold() if ch.isalnum())


def is_new_issue_tag(tag: str) -> bool:
    """True for "new issue" in any spelling: ``new issue``, ``new_issue``, ``New-Issue``, ``NEW ISSUE``,
    and ``newissue`` too (Zendesk tags cannot hold spaces, so agents join the words either way).

    Plurals and longer tags ("new issues", "new-issue-candidate") do not match: the rule publishes
    drafts, so it matches exactly the two words and nothing that merely contains them.
    """
    return _tag_key(tag) == "newissue"


def has_new_issue_tag(tags: Iterable[str]) -> bool:
    """True when any of ``tags`` is "new issue" in some spelling (see :func:`is_new_issue_tag`)."""
    return any(is_new_issue_tag(tag) for tag in tags)


def qualifies(ticket: Ticket) -> tuple[bool, str]:
    """Whether ``ticket`` should become a draft, and why (or why not).

    Only a resolved (solved/closed) ticket tagged "new issue" with some public text (the customer's
    description or an agent's public reply) qualifies; the status is checked first,
    so each skipped ticket gets exactly one reason and a summary can count them.
    """
    if not ticket.is_resolved:
        if not ticket.status:
            return False, "status is missing, not resolved"
        return False, f"status is '{ticket.status}', not resolved"
    if not has_new_issue_tag(ticket.tags):
        return False, f"not tagged '{NEW_ISSUE_TAG}'"
    if not any(m.body.strip() for m in (*ticket.customer_messages, *ticket.agent_replies)):
        return False, "no description and no public reply: nothing to draft from"
    return True, f"{ticket.status} and tagged '{NEW_ISSUE_TAG}'"
