"""Shared test helpers (moved from tests/test_ingest.py)."""

from __future__ import annotations

import json
from pathlib import Path

from kb.tickets import Message, Ticket

#: The ticket export fixtures (Zendesk, Freshdesk, CSV, JSONL).
TICKET_DATA = Path(__file__).resolve().parents[1] / "data" / "tickets"


def zendesk_export(*tickets: object, users: list[object] | None = None) -> bytes:
    """A Zendesk export file of ``tickets`` (and ``users``), as bytes."""
    return json.dumps({"tickets": list(tickets), "users": users or []}).encode()


def make_ticket(
    ticket_id: str,
    subject: str = "Sync stops at 99 percent with error E_SYNC_99",
    status: str = "resolved",
    tags: tuple[str, ...] = ("new_issue", "sync"),
    customer: str = "Hi, the desktop sync stops at 99 percent and shows E_SYNC_99. Thanks, Ann",
    agent: str = "Hello Ann, please sign out of the desktop app, then delete the sync cache folder. Best, Bo",
) -> Ticket:
    messages = (Message("customer", "Ann Smith", customer), Message("agent", "Bo Berg", agent))
    return conversation(ticket_id, subject, messages, "Ann Smith", tags, status)


def conversation(
    ticket_id: str,
    subject: str,
    messages: tuple[Message, ...],
    requester: str,
    tags: tuple[str, ...] = ("new issue",),
    status: str = "resolved",
    requester_email: str = "",
) -> Ticket:
    """A Zendesk ticket with these messages, asked by ``requester``."""
    return Ticket(
        id=ticket_id,
        subject=subject,
        status=status,
        tags=tags,
        messages=messages,
        requester_name=requester,
        requester_email=requester_email,
        source="zendesk",
    )
