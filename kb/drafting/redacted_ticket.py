"""A ticket with its personal data removed: the only form of a ticket that drafting ever sees.

Only the public conversation is kept (the customer's messages and the agents' public replies):
internal notes never reach a draft. Every name on the ticket is redacted wherever it appears (the
requester's and every message author's, agents included), on top of what ``kb.redact`` finds by
shape. Tags are redacted too: a helpdesk tag can hold an email address or an order number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kb.redact import RedactionReport, redact_text
from kb.tickets import Ticket, is_new_issue_tag

__all__ = ["RedactedTicket", "redact_ticket"]

# Helpdesk workflow tags say how a ticket was handled, not what it is about.
_TAG_RE = re.compile(r"[\w][\w .+#-]{0,39}")
_WORKFLOW_TAGS = frozenset({"solved", "resolved", "closed", "open", "pending", "urgent", "escalated", "vip", "kb"})


@dataclass(frozen=True)
class RedactedTicket:
    """The public, redacted text of one ticket. ``report`` counts what was removed (never values)."""

    id: str
    subject: str
    customer: tuple[str, ...]
    agent: tuple[str, ...]
    tags: tuple[str, ...]
    report: RedactionReport

    @property
    def text(self) -> str:
        return "\n\n".join((self.subject, *self.customer, *self.agent))


class _Redactor:
    """``redact_text`` bound to one ticket's names and the configured patterns."""

    def __init__(self, names: tuple[str, ...], patterns: Mapping[str, str] | None, region: str | Sequence[str]) -> None:
        self.names = names
        self.patterns = patterns
        self.region = region
        self.report = RedactionReport()

    def __call__(self, text: str) -> tuple[str, RedactionReport]:
        result = redact_text(text, names=self.names, patterns=self.patterns, region=self.region)
        return result.text, result.report

    def keep(self, text: str) -> str:
        """Redact ``text`` and add its findings to the ticket's report."""
        redacted, report = self(text)
        self.report = self.report + report
        return redacted


def _names(ticket: Ticket) -> tuple[str, ...]:
    names = {ticket.requester_name, *(m.author_name for m in ticket.messages)}
    return tuple(sorted(name for name in names if name.strip()))


def _topic_tags(tags: tuple[str, ...], redact: _Redactor) -> tuple[str, ...]:
    kept: list[str] = []
    for raw in tags:
        tag = " ".join(raw.replace("_", " ").split()).lower()
        if not tag or is_new_issue_tag(tag) or tag in _WORKFLOW_TAGS or not _TAG_RE.fullmatch(tag):
            continue  # workflow tags say how a ticket was handled; markup or long text is not a topic
        if redact(tag)[1]:
            continue  # a tag with personal data in it is dropped, not shown as a placeholder
        if tag not in kept:
            kept.append(tag)
    return tuple(kept[:8])


def redact_ticket(
    ticket: Ticket, patterns: Mapping[str, str] | None = None, region: str | Sequence[str] = "US"
) -> RedactedTicket:
    """The public conversation of ``ticket`` with personal data replaced by typed placeholders.

    ``region``: the phone regions (``Settings.redaction_regions``) whose national numbers are found.
    """
    redact = _Redactor(_names(ticket), patterns, region)
    subject = redact.keep(ticket.subject)
    customer = tuple(redact.keep(m.body) for m in ticket.customer_messages if m.body.strip())
    agent = tuple(redact.keep(m.body) for m in ticket.agent_replies if m.body.strip())
    return RedactedTicket(
        id=ticket.id,
        subject=subject,
        customer=customer,
        agent=agent,
        tags=_topic_tags(ticket.tags, redact),
        report=redact.report,
    )
