"""The content-gap queue: what customers asked and did not get a good answer to.

A gap item is a logged search with no confident answer (``search_log.answered = 0``) or a
"not helpful" vote. Items are keyed by their normalised question — lowercased, punctuation and
question words dropped, stemmed, as a set — so word order and small wording changes do not
matter; keys whose stem sets differ by one stem or a one-letter typo join the same group. A
vote on an article page has no question: it is keyed by the page.

Two actions take a gap out of the queue: :func:`gap_to_draft_stub` (no article covers it) and
:func:`link_gap_to_article` (an article covers it but search missed it); :func:`resolve_gap`
records any other outcome. Resolving hides the group's items up to that moment; if customers
keep failing on the same question afterwards, the gap comes back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kb.authoring import PLACEHOLDER_SUMMARY, slugify_title
from kb.config import Settings
from kb.content import DRAFTS_DIR, docs_path, edit_front_matter, is_published_path, load_article
from kb.errors import ConflictError, ContentError, InputError, NotFoundError
from kb.index import QUESTION_WORDS, word_stem, words_of
from kb.insight.searchlog import mask_personal
from kb.redact import redact_text
from kb.store import connect, write_new_file
from kb.text import cluster_by_stems

__all__ = [
    "DRAFTS_DIR",
    "GapGroup",
    "find_gap",
    "gap_groups",
    "gap_to_draft_stub",
    "iso_week",
    "link_gap_to_article",
    "question_key",
    "question_stems",
    "resolve_gap",
]

_EXAMPLES = 5
_COMMENTS = 10
_DAY = 86400.0


def question_stems(text: str) -> frozenset[str]:
    """The topic of a question: its stems without question words ("How do I Export CSVs?" → {export, csv})."""
    return frozenset(s for w in words_of(text) if w not in QUESTION_WORDS and (s := word_stem(w)))


def question_key(text: str) -> str:
    """The normalised question's key: equal for questions that differ only in case, punctuation,
    question words, word order and word endings. A short hash (``q:3f9a…``), so the key can go
    in URLs and a draft's provenance without repeating what the customer typed."""
    stems = question_stems(text)
    normal = " ".join(sorted(stems)) if stems else " ".join(words_of(text) or text.lower().split())
    return "q:" + hashlib.blake2b(normal.encode("utf-8"), digest_size=6).hexdigest()


def iso_week(ts: float) -> str:
    """``2026-W45``: the ISO week (UTC) of a Unix time."""
    year, week, _ = dt.datetime.fromtimestamp(ts, dt.UTC).isocalendar()
    return f"{year}-W{week:02d}"


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

    def add(self, ts: float, kind: str, text: str | None, page: str | None, comment: str | None) -> None:
        self.count += 1
        self.weeks[iso_week(ts)] += 1
        self.kinds[kind] += 1
        if text:
            self.texts[text] += 1
        if page:
            self.pages[page] += 1
        if comment:
            self.comments.append((ts, comment))
        self.last_seen = max(self.last_seen, ts)


def _one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one inserted, deleted or replaced letter (typos)."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def _close_enough(matched: int, a: int, b: int) -> bool:
    union = a + b - matched
    return matched >= 1 and (matched / union >= 0.75 or (min(a, b) >= 2 and union - matched == 1))


def _close(a: frozenset[str], b: frozenset[str]) -> bool:
    """Very close stem sets: at most one stem more or less, typos forgiven for longer words."""
    if not a or not b:
        return False
    exact = len(a & b)
    only_a, only_b = a - b, b - a
    if _close_enough(exact, len(a), len(b)):
        return True
    if not _close_enough(exact + min(len(only_a), len(only_b)), len(a), len(b)):
        return False  # not even if every leftover stem were a typo of another
    unmatched = set(only_b)
    typos = 0
    for stem in only_a:
        twin = next((o for o in unmatched if len(stem) >= 5 and _one_edit(stem, o)), None)
        if twin is not None:
            unmatched.discard(twin)
            typos += 1
    return _close_enough(exact + typos, len(a), len(b))


def _resolved(connection: sqlite3.Connection) -> dict[str, float]:
    return {
        member: float(ts)
        for member, ts in connection.execute("SELECT member, MAX(ts) FROM gap_resolution GROUP BY member")
    }


def _members(connection: sqlite3.Connection, since: float) -> dict[str, _Member]:
    resolved = _resolved(connection)
    members: dict[str, _Member] = {}
    keys: dict[str, tuple[str, frozenset[str]]] = {}  # query text → (key, stems), computed once

    def question(text: str) -> _Member:
        if text not in keys:
            keys[text] = (question_key(text), question_stems(text))
        key, stems = keys[text]
        return members.setdefault(key, _Member(key, stems))

    def page(path: str) -> _Member:
        return members.setdefault(f"page:{path}", _Member(f"page:{path}", frozenset()))

    def take(member: _Member, ts: float, kind: str, text: str | None, where: str | None, comment: str | None) -> None:
        if ts > resolved.get(member.key, float("-inf")):
            member.add(ts, kind, text, where, comment)

    for ts, query, results in connection.execute(
        "SELECT ts, query, results FROM search_log WHERE answered = 0 AND ts >= ?", (since,)
    ):
        take(question(query), ts, "no_answer" if results else "no_results", query, None, None)
    for ts, path, query, answer_url, comment in connection.execute(
        "SELECT ts, page, query, answer_url, comment FROM feedback WHERE helpful = 0 AND ts >= ?", (since,)
    ):
        if query:
            take(question(query), ts, "not_helpful", query, answer_url, comment)
        elif path:
            take(page(path), ts, "not_helpful", None, path, comment)
    return members


def _group(members: Iterable[_Member]) -> list[list[_Member]]:
    """Greedy clustering, most frequent first: a question joins the first group it is close to."""
    ordered = sorted(members, key=lambda m: (-m.count, m.key))
    return cluster_by_stems(ordered, lambda m: m.stems, lambda a, b: 1.0 if _close(a, b) else 0.0, 1.0)


def _gap_group(members: list[_Member]) -> GapGroup:
    head = members[0]
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
        key=head.key,
        question=examples[0] if examples else head.key.removeprefix("page:"),
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
    db: sqlite3.Connection, days: int = 30, *, limit: int | None = None, now: float | None = None
) -> list[GapGroup]:
    """The open gaps of the last ``days`` days, most frequent first (ties: most recent first)."""
    if days < 1:
        raise InputError(f"days must be at least 1, got {days}", "pass --days 30 for the last month")
    since = (time.time() if now is None else now) - days * _DAY
    members = [m for m in _members(db, since).values() if m.count]  # resolved ones have none left
    groups = [_gap_group(g) for g in _group(members)]
    groups.sort(key=lambda g: (-g.count, -g.last_seen, g.key))
    return groups[:limit] if limit is not None else groups


def find_gap(db: sqlite3.Connection, key: str, days: int = 30, *, now: float | None = None) -> GapGroup:
    """The open gap with this ``key`` (for a web form that posts the key back)."""
    for group in gap_groups(db, days, now=now):
        if group.key == key or key in group.members:
            return group
    raise NotFoundError(f"no open content gap {key!r}", "it may have been resolved already; reload the queue")


def resolve_gap(
    db: sqlite3.Connection, group: GapGroup, action: str, target: str = "", *, now: float | None = None
) -> None:
    """Take ``group`` out of the queue: its items up to now are hidden from :func:`gap_groups`."""
    ts = time.time() if now is None else now
    db.executemany(
        "INSERT INTO gap_resolution (member, gap, ts, action, target) VALUES (?, ?, ?, ?, ?)",
        [(member, group.key, ts, action, target) for member in group.members or (group.key,)],
    )


def _require_question(group: GapGroup, action: str) -> None:
    if group.is_page:
        raise ConflictError(
            f"the gap {group.key!r} is votes on an existing article, not a question, so it cannot be {action}",
            "read its comments and rewrite the article, then dismiss the gap",
        )


def _clean(text: str, settings: Settings) -> str:
    region = settings.phone_region
    return mask_personal(redact_text(text, patterns=settings.redact_patterns, region=region).text)


def _title(question: str) -> str:
    """A heading-safe title from the question's words ("how do i export [email]?" → "How do I export email")."""
    words = ["I" if w == "i" else ("I'm" if w == "i'm" else w) for w in words_of(question)]
    title = " ".join(words)
    return title[:1].upper() + title[1:]


def gap_to_draft_stub(settings: Settings, group: GapGroup, *, today: dt.date | None = None) -> Path:
    """Write ``docs/_drafts/<slug>.md`` for the gap and resolve it; return the draft's path.

    Title from the question, ``status: draft``, ``provenance: ["gap:<key>"]``, and the group's
    example queries (redacted) as the future article's regression ``questions``.
    """
    _require_question(group, "turned into a draft")
    question = _clean(group.question, settings)
    title = _title(question)
    name = slugify_title(title)
    if not title or not name:
        raise InputError(f"the question {group.question!r} has no words to make a title from", "dismiss the gap")
    drafts = (settings.docs_dir / DRAFTS_DIR).resolve()
    examples = list(dict.fromkeys(_clean(e, settings) for e in group.examples if e.strip()))
    front = {
        "title": title,
        "summary": PLACEHOLDER_SUMMARY,
        "status": "draft",
        "provenance": [f"gap:{group.key}"],
        "created": today or dt.date.today(),
        "questions": examples,
    }
    text = (
        "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000) + "---\n"
        f"# {title}\n\n"
        "One or two sentences that expand the answer.\n\n"
        "## Steps\n\n1. First step.\n2. Second step.\n"
    )
    try:
        path = write_new_file(
            drafts,
            name,
            text,
            attempts=99,
            on_clash=lambda first: ConflictError(
                f"too many drafts named {first.stem}-N.md", "publish or remove some of them first"
            ),
        )
    except ValueError as exc:  # the slug is letters, digits and dashes; this is the belt to those braces
        raise InputError(f"draft name {name!r} leaves the drafts folder", "dismiss the gap") from exc
    with closing(connect(settings.db_path)) as db:
        resolve_gap(db, group, "draft", f"{DRAFTS_DIR}/{path.name}")
    return path


def _article_file(settings: Settings, article_path: str) -> Path:
    """The published article ``article_path`` names, confined to the docs dir."""
    docs = settings.docs_dir.resolve()
    try:
        rel = docs_path(docs, article_path)
    except InputError:
        rel = ""
    path = (docs / rel).resolve()
    if not is_published_path(rel) or not path.is_relative_to(docs):
        raise InputError(
            f"{article_path!r} is not a published article's path",
            "give the path in the docs dir, e.g. billing/export.md",
        )
    if not path.is_file():
        raise NotFoundError(f"no article {article_path!r} in {settings.docs_dir}", "check the path (see kb check)")
    return path


def link_gap_to_article(settings: Settings, group: GapGroup, article_path: str) -> Path:
    """Add the gap's question to the article's ``search_terms`` and resolve the gap.

    The front matter is rewritten field by field and the body is kept byte for byte; the file
    is replaced atomically, and the search index (if built) is updated so the question finds
    the article straight away.
    """
    _require_question(group, "linked to an article")
    path = _article_file(settings, article_path)
    rel = path.relative_to(settings.docs_dir.resolve()).as_posix()
    article, problems = load_article(settings.docs_dir.resolve(), path)
    if article is None:
        raise ContentError(f"{rel}: cannot be read: {problems[0]}", "fix it (see kb check)")
    terms = article.meta.get("search_terms") or []
    if not isinstance(terms, list):
        raise ContentError(f"{rel}: search_terms is not a list", "write search_terms: [first, second]")
    question = _clean(group.question, settings)
    if question.casefold() not in {str(t).casefold() for t in terms}:
        edit_front_matter(path, {"search_terms": [*terms, question]})
        _update_index(settings, path)
    with closing(connect(settings.db_path)) as db:
        resolve_gap(db, group, "link", rel)
    return path


def _update_index(settings: Settings, path: Path) -> None:
    """Re-index the changed article when an index exists (``kb index`` builds one otherwise)."""
    from kb.index import current_index_dir, update_articles  # whoosh only when needed

    if current_index_dir(settings) is None:
        return
    article, _ = load_article(settings.docs_dir.resolve(), path)
    if article is not None:
        update_articles(settings, [article])
