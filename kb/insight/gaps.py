"""The content-gap queue: what customers asked and did not get a good answer to.

A gap item is a logged search with no confident answer (``search_log.answered = 0``, read as the
per-day counts of ``kb.insight.tally``) or a "not helpful" vote. Items are keyed by their
normalised question — lowercased, punctuation and question words dropped, stemmed, as a set — so
word order and small wording changes do not matter; a key whose stem set differs from a group's
first one by one stem or a one-letter typo joins that group, for good
(``kb.insight.question_groups``). A vote on an article page has no question: it is keyed by the
page.

Two actions take a gap out of the queue: :func:`gap_to_draft_stub` (no article covers it) and
:func:`link_gap_to_article` (an article covers it but search missed it); :func:`resolve_gap`
records any other outcome. Resolving hides the group's items up to that moment; if customers
keep failing on the same question afterwards, the gap comes back.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from kb.errors import InputError, NotFoundError
from kb.insight.question_groups import assign_groups, heads_of
from kb.insight.tally import (
    fold_searches,
    forget_questions,
    group_rows,
    group_totals,
    iso_week,
    question_key,
    question_stems,
    resolved_times,
)
from kb.store import Connection

__all__ = [
    "GapGroup",
    "find_gap",
    "gap_groups",
    "iso_week",
    "question_key",
    "question_stems",
    "resolve_gap",
]

_EXAMPLES = 5
_COMMENTS = 10
_DAY = 86400.0


@dataclass(frozen=True)
class GapGroup:
    """Near-identical questions (or the votes on one page) that got no good answer.

    ``key`` is stable for the same question; ``members`` are the keys of every question in the
    group (what resolving it hides). ``weeks`` is ``(ISO week, count)``, oldest first;
    ``examples`` the distinct queries, most frequent first; ``comments`` the redacted "not
    helpful" comments, newest first; ``pages`` the articles and answer URLs voted "not helpful".
    """

    key: str
    question: str
    count: int
    weeks: tuple[tuple[str, int], ...]
    examples: tuple[str, ...]
    no_results: int = 0
    no_answer: int = 0
    not_helpful: int = 0
    comments: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    last_seen: float = 0.0

    @property
    def is_page(self) -> bool:
        """A group of votes on one article page, with no question asked."""
        return self.key.startswith("page:")

    @property
    def page(self) -> str | None:
        return self.key.removeprefix("page:") if self.is_page else None


@dataclass
class _Member:
    """The items of one question key (or one page)."""

    key: str
    stems: frozenset[str]
    count: int = 0
    weeks: Counter[str] = field(default_factory=Counter)
    texts: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    comments: list[tuple[float, str]] = field(default_factory=list)
    pages: Counter[str] = field(default_factory=Counter)
    last_seen: float = 0.0
    head: str = ""

    def merge(self, other: _Member) -> None:
        """Add ``other``'s items (the same question's votes) to this one's."""
        self.count += other.count
        self.weeks.update(other.weeks)
        self.kinds.update(other.kinds)
        self.texts.update(other.texts)
        self.pages.update(other.pages)
        self.comments.extend(other.comments)
        self.last_seen = max(self.last_seen, other.last_seen)

    def add(
        self, ts: float, kind: str, text: str | None, page: str | None, comment: str | None, count: int = 1
    ) -> None:
        self.count += count
        self.weeks[iso_week(ts)] += count
        self.kinds[kind] += count
        if text:
            self.texts[text] += count
        if page:
            self.pages[page] += count
        if comment:
            self.comments.append((ts, comment))
        self.last_seen = max(self.last_seen, ts)


def _votes(connection: Connection, since: float, until: float) -> dict[str, _Member]:
    """The "not helpful" votes from ``since`` to ``until`` that are not resolved, by question (or page)."""
    resolved = resolved_times(connection)
    members: dict[str, _Member] = {}
    rows = connection.execute(
        "SELECT ts, page, query, answer_url, comment FROM feedback WHERE helpful = 0 AND ts BETWEEN ? AND ?",
        (since, until),
    ).fetchall()
    stems = {question_key(query): question_stems(query) for _ts, _page, query, _url, _c in rows if query}
    heads: dict[str, str] = {}
    if stems:
        with connection.write():
            heads = assign_groups(connection, stems)
    for ts, path, query, answer_url, comment in rows:
        key = question_key(query) if query else f"page:{path}" if path else ""
        if not key or ts <= resolved.get(key, float("-inf")):
            continue
        member = members.setdefault(key, _Member(key, stems.get(key, frozenset())))
        member.add(ts, "not_helpful", query or None, answer_url if query else path, comment)
        member.head = heads.get(key, key)
    return members


def _groups(
    connection: Connection,
    since: float,
    until: float,
    limit: int | None,
    only: str | None = None,
    pages: bool = True,
) -> list[GapGroup]:
    """The gap groups since ``since``, most frequent first: the searches counted per group in SQL,
    the votes added, and the details read for the groups shown (``only``: that one group)."""
    votes = {k: m for k, m in _votes(connection, since, until).items() if pages or not k.startswith("page:")}
    if only is not None:
        heads = [only]
    else:
        totals = group_totals(connection, since, until, limit)
        # A voted group may be past the SQL limit: its searches come with its details below.
        heads = list(dict.fromkeys([*totals, *(member.head for member in votes.values())]))
    members: dict[str, _Member] = {}
    grouped: dict[str, list[_Member]] = {head: [] for head in heads}
    for head, row in group_rows(connection, [h for h in heads if not h.startswith("page:")], since, until):
        member = members.get(row.key) or _Member(row.key, frozenset())
        if row.key not in members:
            members[row.key] = member
            grouped[head].append(member)
        member.add(row.day * _DAY, row.kind, row.query, None, None, row.count)
        member.last_seen = max(member.last_seen, row.last_ts)
    for key, vote in votes.items():
        if vote.head in grouped:
            existing = members.get(key)
            if existing is None:
                grouped[vote.head].append(vote)
            else:
                existing.merge(vote)
    groups = []
    for head, group in grouped.items():
        if not group:
            continue
        group.sort(key=lambda m: (m.key != head, -m.count, m.key))
        groups.append(_gap_group(head, group))
    groups.sort(key=lambda g: (-g.count, -g.last_seen, g.key))
    return groups[:limit] if limit is not None else groups


def _gap_group(key: str, members: list[_Member]) -> GapGroup:
    weeks: Counter[str] = Counter()
    texts: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    pages: Counter[str] = Counter()
    comments: list[tuple[float, str]] = []
    for member in members:
        weeks.update(member.weeks)
        texts.update(member.texts)
        kinds.update(member.kinds)
        pages.update(member.pages)
        comments.extend(member.comments)
    examples = tuple(text for text, _ in sorted(texts.items(), key=lambda kv: (-kv[1], kv[0]))[:_EXAMPLES])
    comments.sort(reverse=True)
    return GapGroup(
        key=key,
        question=examples[0] if examples else key.removeprefix("page:"),
        count=sum(m.count for m in members),
        weeks=tuple(sorted(weeks.items())),
        examples=examples,
        no_results=kinds["no_results"],
        no_answer=kinds["no_answer"],
        not_helpful=kinds["not_helpful"],
        comments=tuple(text for _, text in comments[:_COMMENTS]),
        pages=tuple(page for page, _ in pages.most_common()),
        members=tuple(m.key for m in members),
        last_seen=max(m.last_seen for m in members),
    )


def gap_groups(
    db: Connection,
    days: int = 30,
    *,
    limit: int | None = None,
    now: float | None = None,
    pages: bool = True,
) -> list[GapGroup]:
    """The open gaps of the last ``days`` days (whole UTC days), most frequent first (ties: most
    recent first); ``pages=False`` leaves out the votes on article pages."""
    if days < 1:
        raise InputError(f"days must be at least 1, got {days}", "pass --days 30 for the last month")
    until = time.time() if now is None else now
    return _groups(db, until - days * _DAY, until, limit, pages=pages)


def find_gap(db: Connection, key: str, days: int = 30, *, now: float | None = None) -> GapGroup:
    """The open gap with this ``key`` or member key (for a web form that posts the key back)."""
    until = time.time() if now is None else now
    head = key if key.startswith("page:") else heads_of(db, [key]).get(key, key)
    for group in _groups(db, until - days * _DAY, until, None, only=head):
        return group
    raise NotFoundError(f"no open content gap {key!r}", "it may have been resolved already; reload the queue")


def resolve_gap(
    db: Connection, group: GapGroup, action: str, target: str = "", *, now: float | None = None
) -> None:
    """Take ``group`` out of the queue: its items up to now are hidden from :func:`gap_groups`."""
    ts = time.time() if now is None else now
    members = group.members or (group.key,)
    fold_searches(db)  # what was logged up to now is counted, so it is forgotten below
    with db.write():
        db.executemany(
            "INSERT INTO gap_resolution (member, gap, ts, action, target) VALUES (?, ?, ?, ?, ?)",
            [(member, group.key, ts, action, target) for member in members],
        )
        forget_questions(db, members)
