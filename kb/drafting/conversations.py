"""The redacted conversation a draft came from, kept so the agent can check a step in the editor
without opening the help desk.

Only what a draft may be made of is stored: the subject, the customer's messages and the agents'
public replies, after redaction (never private notes, never the values redaction removed).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kb.drafting.redacted_ticket import RedactedTicket
from kb.store import Connection, connect

__all__ = ["Conversation", "conversations", "record_conversations"]


@dataclass(frozen=True)
class Conversation:
    ticket_id: str
    subject: str
    customer: tuple[str, ...]
    agent: tuple[str, ...]


def record_conversations(connection: Connection, tickets: Iterable[RedactedTicket]) -> None:
    rows = [(t.id, t.subject, json.dumps(list(t.customer)), json.dumps(list(t.agent))) for t in tickets]
    with connection.write():
        connection.executemany(
            "INSERT INTO ticket_conversation (ticket_id, subject, customer, agent) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (ticket_id) DO UPDATE SET subject = excluded.subject,"
            " customer = excluded.customer, agent = excluded.agent",
            rows,
        )


def conversations(database_url: str, ticket_ids: Sequence[str]) -> list[Conversation]:
    """The stored conversations of ``ticket_ids``, in that order (tickets imported before kb kept
    conversations have none)."""
    if not ticket_ids:
        return []
    marks = ",".join("?" * len(ticket_ids))
    with connect(database_url) as db:
        rows = db.execute(
            f"SELECT ticket_id, subject, customer, agent FROM ticket_conversation WHERE ticket_id IN ({marks})",
            list(ticket_ids),
        ).fetchall()
    found = {
        row[0]: Conversation(row[0], row[1], tuple(json.loads(row[2])), tuple(json.loads(row[3]))) for row in rows
    }
    return [found[i] for i in ticket_ids if i in found]
