"""Feedback votes ("Was this helpful?"): validated, personal data removed, stored in kb's database.

A vote is about one article page (``page``, its path in the docs dir) or one Ask-box answer
(``query`` plus ``answer_url``). Comments are capped, redacted like tickets and masked like
search queries before they are stored; nothing identifies the visitor (no cookie, no IP). The
browser makes up a random ``vote_id`` so the comment it sends after the click updates that vote
instead of counting a second one.

The API limits how often one client may vote (``search_api.limits``) in front of :func:`record_vote`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from kb.errors import InputError
from kb.insight.searchlog import mask_personal, mask_query
from kb.redact import redact_text
from kb.store import Connection

__all__ = [
    "MAX_COMMENT_CHARS",
    "MAX_PAGE_CHARS",
    "MAX_URL_CHARS",
    "Vote",
    "clean_answer_url",
    "record_vote",
    "validate_vote",
]

MAX_COMMENT_CHARS = 1000
MAX_PAGE_CHARS = 300
MAX_URL_CHARS = 1000
_PAGE_PART_RE = re.compile(r"^[^\W_][\w.-]*$")
_VOTE_ID_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_URL_RE = re.compile(r"^(?:https?://[^\s/]+)?/\S*$")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Vote:
    """One validated vote. Exactly one of ``page`` and (``query``, ``answer_url``) is set."""

    helpful: bool
    page: str | None = None
    query: str | None = None
    answer_url: str | None = None
    comment: str | None = None
    vote_id: str | None = None


def clean_answer_url(url: str) -> str:
    """The answer's address without its text fragment (``#a:~:text=…`` → ``#a``; ``#:~:…`` → ``""``)."""
    url = url.split(":~:", 1)[0]
    return url[:-1] if url.endswith("#") else url


def validate_vote(
    *,
    helpful: bool,
    page: str | None = None,
    query: str | None = None,
    answer_url: str | None = None,
    comment: str | None = None,
    vote_id: str | None = None,
    max_query_chars: int = 500,
    docs_dir: Path | None = None,
) -> Vote:
    """Check what a visitor sent; raise ``InputError`` naming every problem at once.

    With ``docs_dir``, a ``page`` must be an article there (votes on made-up pages would only
    add noise to the gap queue).
    """
    problems: list[str] = []
    page = page.strip() if isinstance(page, str) else None
    query = " ".join(query.split()) if isinstance(query, str) else None
    answer_url = answer_url.strip() if isinstance(answer_url, str) else None
    if page and (query or answer_url):
        problems.append("send either 'page' or 'query' with 'answer_url', not both")
    elif page:
        if len(page) > MAX_PAGE_CHARS:
            problems.append(f"'page' is longer than {MAX_PAGE_CHARS} characters")
        elif not page.endswith(".md") or not all(_PAGE_PART_RE.match(part) for part in page.split("/")):
            problems.append(f"'page' must be an article's path in the docs, like 'billing/export.md', got {page!r}")
        elif docs_dir is not None and not (docs_dir / page).is_file():
            problems.append(f"there is no article {page!r}")
    elif query or answer_url:
        if not query:
            problems.append("'query' is empty: send the question the answer was given for")
        elif len(query) > max_query_chars:
            problems.append(f"'query' is {len(query)} characters long, more than {max_query_chars}")
        if not answer_url:
            problems.append("'answer_url' is missing: send the URL of the answer's source")
        elif len(answer_url) > MAX_URL_CHARS or not _URL_RE.match(answer_url):
            problems.append("'answer_url' must be a site path like '/billing/export/#steps' or an http(s) URL")
    else:
        problems.append("say what the vote is about: 'page', or 'query' with 'answer_url'")
    if comment is not None:
        comment = _CONTROL_RE.sub(" ", comment).strip() or None
    if comment is not None and len(comment) > MAX_COMMENT_CHARS:
        problems.append(f"'comment' is {len(comment)} characters long, more than {MAX_COMMENT_CHARS}")
    if vote_id is not None and not _VOTE_ID_RE.match(vote_id):
        problems.append("'vote_id' must be 16 to 64 letters, digits, '-' or '_'")
    if problems:
        raise InputError("; ".join(problems), "fix the feedback request (see /api/docs)")
    return Vote(
        helpful=helpful,
        page=page or None,
        query=query or None,
        answer_url=clean_answer_url(answer_url) if answer_url else None,
        comment=comment,
        vote_id=vote_id,
    )


def _clean_comment(comment: str, patterns: Mapping[str, str] | None, region: str | Sequence[str]) -> str:
    """Ticket-grade redaction, then the search log's masks (long digit runs, emails)."""
    return mask_personal(redact_text(comment, patterns=patterns, region=region).text)


def _same(column: str) -> str:
    """The stored vote and the new one agree on ``column`` (NULL matching NULL), in SQL both back ends run."""
    return f"(feedback.{column} = excluded.{column} OR (feedback.{column} IS NULL AND excluded.{column} IS NULL))"


def record_vote(
    connection: Connection,
    vote: Vote,
    *,
    patterns: Mapping[str, str] | None = None,
    region: str | Sequence[str] = "US",
    now: float | None = None,
) -> None:
    """Store ``vote`` with its comment and question redacted (``region``: the phone regions, as
    ``Settings.redaction_regions``); a second send with the same ``vote_id`` and target updates the
    first (the comment typed after the click), another target is ignored."""
    comment = _clean_comment(vote.comment, patterns, region) if vote.comment else None
    query = mask_query(vote.query, region, patterns) if vote.query else None
    connection.execute(
        "INSERT INTO feedback (ts, vote_id, page, query, answer_url, helpful, comment)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (vote_id) DO UPDATE SET helpful = excluded.helpful,"
        " comment = COALESCE(excluded.comment, feedback.comment)"
        f" WHERE {_same('page')} AND {_same('query')} AND {_same('answer_url')}",
        (
            time.time() if now is None else now,
            vote.vote_id,
            vote.page,
            query,
            vote.answer_url,
            int(vote.helpful),
            comment,
        ),
    )
