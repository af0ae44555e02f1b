"""Tickets in, drafts out: redacted tickets, extractive drafts, the duplicate check, the drafts folder."""

from __future__ import annotations

from kb.drafting.conversations import Conversation, conversations, record_conversations
from kb.drafting.draft_text import (
    clean_message,
    escape_markdown,
    informative_sentences,
    is_symptom,
    resolution_steps,
    summary_from_steps,
    task_title,
)
from kb.drafting.drafts import (
    PLACEHOLDER_SOLUTION,
    DraftInfo,
    compose_draft,
    draft_info,
    find_draft,
    list_drafts,
    read_draft_meta,
    write_draft,
)
from kb.drafting.edits import MAX_DRAFT_CHARS, check_version, draft_etag, queue_lock, save_draft
from kb.drafting.ingest import IngestOutcome, IngestSummary, ingest_file, ingest_payload, ingest_tickets
from kb.drafting.merge import add_provenance
from kb.drafting.redacted_ticket import redact_ticket

__all__ = [
    "MAX_DRAFT_CHARS",
    "PLACEHOLDER_SOLUTION",
    "Conversation",
    "DraftInfo",
    "IngestOutcome",
    "IngestSummary",
    "add_provenance",
    "check_version",
    "clean_message",
    "compose_draft",
    "conversations",
    "draft_etag",
    "draft_info",
    "escape_markdown",
    "find_draft",
    "informative_sentences",
    "ingest_file",
    "ingest_payload",
    "ingest_tickets",
    "is_symptom",
    "list_drafts",
    "queue_lock",
    "read_draft_meta",
    "record_conversations",
    "redact_ticket",
    "resolution_steps",
    "save_draft",
    "summary_from_steps",
    "task_title",
    "write_draft",
]
