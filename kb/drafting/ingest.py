"""Tickets in, drafts out: the pipeline behind ``kb ingest`` and ``POST /api/tickets``.

    summary = ingest_file(settings, Path("export.json"))
    for outcome in summary.outcomes:
        print(outcome)            # ticket 101: drafted → _drafts/export-your-invoices.md

For each ticket: the tag rule (:func:`kb.tickets.load.qualifies`), then "already imported?" (ids in
SQLite and in the waiting drafts' provenance), then redaction, then grouping of near-identical
tickets, then the duplicate checks (a waiting draft → add the ticket to it; a published section that
answers it → an update proposal), and only then a new draft. One ingest runs at a time per data dir
(a file lock), so a webhook burst and a CLI import cannot draft the same ticket twice.

A ticket id is recorded only after its draft is on disk; a crash in between is caught on the next
run by the provenance ids of the drafts themselves. Nothing is written outside ``docs/_drafts/``
and the data dir.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from kb.config import Settings
from kb.drafting.conversations import record_conversations
from kb.drafting.drafts import DraftInfo, compose_draft, list_drafts, write_draft
from kb.drafting.duplicates import draft_signature, group_tickets, matching_draft
from kb.drafting.edits import queue_lock
from kb.drafting.merge import add_provenance
from kb.drafting.redacted_ticket import RedactedTicket
from kb.drafting.workers import Lookup, look_up_all, redact_all, worker_pool
from kb.errors import IndexMissingError
from kb.index import SectionIndex, build_index
from kb.progress import Progress, counter
from kb.store import Connection, connect, docs_lock
from kb.team import record_change
from kb.tickets import RecordError, Ticket, load_tickets, parse_ticket_payload, qualifies

__all__ = [
    "Action",
    "IngestOutcome",
    "IngestSummary",
    "imported_ids",
    "ingest_file",
    "ingest_payload",
    "ingest_tickets",
]

Action = Literal["drafted", "merged", "proposal", "skipped"]


@dataclass(frozen=True)
class IngestOutcome:
    """What happened to one ticket. ``draft`` is the draft's path relative to the docs dir."""

    ticket_id: str
    action: Action
    reason: str
    draft: str = ""
    proposal_for: str = ""

    def __str__(self) -> str:
        where = f" → {self.draft}" if self.draft else ""
        return f"ticket {self.ticket_id}: {self.action}{where} ({self.reason})"


@dataclass
class IngestSummary:
    """The result of one import: an outcome per ticket, plus the records that failed to parse."""

    filename: str
    export_format: str
    outcomes: list[IngestOutcome] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: Action) -> int:
        return sum(1 for o in self.outcomes if o.action == action)

    def skipped_reasons(self) -> dict[str, int]:
        reasons: dict[str, int] = {}
        for outcome in self.outcomes:
            if outcome.action == "skipped":
                reasons[outcome.reason] = reasons.get(outcome.reason, 0) + 1
        return dict(sorted(reasons.items(), key=lambda item: -item[1]))


def imported_ids(connection: Connection, ids: Iterable[str]) -> set[str]:
    """Which of ``ids`` have been drafted, merged or proposed before."""
    wanted = list(dict.fromkeys(ids))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = connection.execute(f"SELECT ticket_id FROM ingested_tickets WHERE ticket_id IN ({marks})", chunk)
        found.update(row[0] for row in rows)
    return found


def _record(connection: Connection, outcomes: Sequence[IngestOutcome], sources: Mapping[str, str]) -> None:
    now = time.time()
    with connection.write():
        connection.executemany(
            "INSERT INTO ingested_tickets (ticket_id, source, ingested_at, action, draft) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (ticket_id) DO UPDATE SET source = excluded.source,"
            " ingested_at = excluded.ingested_at, action = excluded.action, draft = excluded.draft",
            [(o.ticket_id, sources.get(o.ticket_id, ""), now, o.action, o.draft) for o in outcomes],
        )


def _open_index(settings: Settings, notes: list[str]) -> SectionIndex | None:
    """The search index for the duplicate check, built first if it does not exist yet."""
    try:
        return SectionIndex.open(settings)
    except IndexMissingError:
        if not settings.docs_dir.is_dir():
            notes.append("no docs folder, so no duplicate check against published articles")
            return None
        build_index(settings)
        notes.append("built the search index for the duplicate check (there was none)")
        return SectionIndex.open(settings)


class _Queue:
    """The drafts that were waiting before this import, with their problem signatures.

    Drafts this import writes need no matching: its groups are already distinct problems.
    """

    def __init__(self, docs_dir: Path) -> None:
        self.docs_dir = docs_dir
        self.items = [(info, draft_signature(info.path)) for info in list_drafts(docs_dir)]
        self.provenance = {ticket_id for info, _ in self.items for ticket_id in info.provenance}

    def relative(self, path: Path) -> str:
        return path.relative_to(self.docs_dir).as_posix()


def _draft_group(
    settings: Settings, group: Sequence[RedactedTicket], queue: _Queue, lookup: Lookup, durable: bool
) -> list[IngestOutcome]:
    lead = group[0]
    existing: DraftInfo | None = matching_draft(lead, queue.items)
    if existing is not None:
        merged = compose_draft(group)
        with queue_lock(settings):
            # Published or rejected since the queue was read: then this group gets a draft of its own.
            joined = existing.path.is_file()
            if joined:
                add_provenance(
                    existing.path,
                    [t.id for t in group],
                    sum((t.report for t in group[1:]), lead.report),
                    merged.questions,
                    merged.steps,
                )
        if joined:
            reason = f"same problem as the waiting {existing.status} '{existing.name}'"
            return [IngestOutcome(t.id, "merged", reason, queue.relative(existing.path)) for t in group]
    covered, category, tags = lookup
    if covered is not None:
        evidence = f'confidence {covered.confidence:.2f}: "{covered.sentence}"'
        content = compose_draft(group, category=category, proposal_for=covered.target, evidence=evidence)
        path = write_draft(settings.docs_dir, content, durable=durable)
        reason = f"already covered by {covered.target} (confidence {covered.confidence:.2f})"
        return [IngestOutcome(t.id, "proposal", reason, queue.relative(path), covered.target) for t in group]
    content = compose_draft(group, category=category, suggested_tags=tags)
    path = write_draft(settings.docs_dir, content, durable=durable)
    reason = "new problem" if len(group) == 1 else f"new problem, {len(group)} near-identical tickets"
    return [IngestOutcome(t.id, "drafted", reason, queue.relative(path)) for t in group]


def ingest_tickets(
    settings: Settings,
    tickets: Sequence[Ticket],
    notes: list[str] | None = None,
    index: SectionIndex | None = None,
    progress: Progress | None = None,
    agent: str = "",
) -> list[IngestOutcome]:
    """Apply the rule, the duplicate checks and drafting to ``tickets``; one outcome per ticket.

    ``index``: an open index to use for the duplicate check (the API's); else one is opened.
    ``progress`` counts the tickets handled.
    """
    tick = counter(progress, "tickets", len(tickets))
    notes = notes if notes is not None else []
    outcomes: list[IngestOutcome] = []
    with docs_lock(settings, "ingest"):
        connection = connect(settings.database)
        try:
            queue = _Queue(settings.docs_dir)
            done = imported_ids(connection, (t.id for t in tickets)) | queue.provenance
            wanted: list[Ticket] = []
            for ticket in tickets:
                ok, reason = qualifies(ticket)
                if not ok:
                    outcomes.append(IngestOutcome(ticket.id, "skipped", reason))
                elif ticket.id in done:
                    outcomes.append(IngestOutcome(ticket.id, "skipped", "already imported"))
                else:
                    done.add(ticket.id)
                    wanted.append(ticket)
            tick(len(outcomes))  # skipped: done
            if not wanted:
                return outcomes
            own_index = index is None
            if index is None:
                index = _open_index(settings, notes)
            pool = worker_pool(settings, len(wanted))
            durable = pool is None  # a big import syncs its drafts to disk once, at the end
            drafted: list[IngestOutcome] = []
            groups: list[list[RedactedTicket]] = []
            try:
                groups = group_tickets(redact_all(settings, wanted, pool))
                # Lookups arrive in order as workers finish them; drafts are written meanwhile.
                lookups = look_up_all(settings, [group[0] for group in groups], index, pool)
                for group, lookup in zip(groups, lookups, strict=True):
                    drafted.extend(_draft_group(settings, group, queue, lookup, durable))
                    tick(len(group))
            finally:
                if pool is not None:
                    pool.shutdown(cancel_futures=True)
                if own_index and index is not None:
                    index.close()
                if drafted:
                    if not durable:
                        os.sync()
                    # Recorded only once the drafts are on disk: a crash before this leaves the
                    # drafts' own provenance to say which tickets were imported.
                    _record(connection, drafted, {t.id: t.source for t in wanted})
                    written = {o.ticket_id for o in drafted}
                    record_conversations(connection, [t for g in groups for t in g if t.id in written])
            outcomes.extend(drafted)
        finally:
            connection.close()
    _audit(settings, agent, outcomes)
    return outcomes


def _audit(settings: Settings, agent: str, outcomes: Sequence[IngestOutcome]) -> None:
    """One audit entry per import that changed the queue: how many tickets did what, and where."""
    changed = [o for o in outcomes if o.action != "skipped"]
    if not changed:
        return
    counts = Counter(o.action for o in outcomes)
    drafts = sorted({o.draft for o in changed if o.draft})
    summary = ", ".join(f"{n} {action}" for action, n in sorted(counts.items()))
    target = drafts[0] if len(drafts) == 1 else f"{len(drafts)} drafts"
    tickets = ", ".join(o.ticket_id for o in changed[:10]) + (" ..." if len(changed) > 10 else "")
    record_change(settings, agent or "ingest", "ingest", target, f"{summary}; tickets {tickets}")


def ingest_file(settings: Settings, path: Path, progress: Progress | None = None, agent: str = "") -> IngestSummary:
    """Import one export file (Zendesk, Freshdesk or CSV; the shape is detected)."""
    start = time.perf_counter()
    result = load_tickets(path, csv_columns=settings.csv_columns, max_body_bytes=settings.max_body_bytes)
    summary = IngestSummary(str(path), result.export_format or "", errors=list(result.errors), notes=list(result.notes))
    summary.outcomes = ingest_tickets(settings, result.tickets, summary.notes, progress=progress, agent=agent)
    summary.seconds = time.perf_counter() - start
    return summary


def ingest_payload(
    settings: Settings, payload: Mapping[str, object], index: SectionIndex | None = None, agent: str = "webhook"
) -> IngestOutcome:
    """Import one ticket posted to the webhook (raises ``InputError`` naming the bad field)."""
    ticket = parse_ticket_payload(payload, max_body_bytes=settings.max_body_bytes)
    return ingest_tickets(settings, [ticket], index=index, agent=agent)[0]
