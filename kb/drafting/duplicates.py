"""Is this problem already documented? Near-identical tickets, drafts and published sections.

Three checks run before a ticket becomes a draft:

- :func:`group_tickets`: tickets of one import that describe the same problem become one group
  (one draft, several provenance ids).
- :func:`matching_draft`: a draft already waiting in ``docs/_drafts/`` covers it (the ticket is
  added to that draft's provenance).
- :func:`covering_section`: a published section answers it confidently (an update proposal for
  that section instead of a new draft).

"The same problem" is measured on the problem statement: the stems of the subject and the first
sentences of the customer's first message, question words and stop words removed, compared with
the Jaccard index. Grouping uses an inverted index so a 10,000-ticket import stays linear-ish.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kb.answers import answer_from_results, concept_coverage
from kb.drafting.draft_text import clean_message
from kb.drafting.drafts import DraftInfo, read_draft_meta
from kb.drafting.redacted_ticket import RedactedTicket
from kb.index import Concept, Hit, SectionIndex, stems_of
from kb.text import cluster_by_stems, jaccard, split_sentences

__all__ = [
    "SAME_PROBLEM",
    "SAME_TASK",
    "Covered",
    "covering_section",
    "draft_signature",
    "group_tickets",
    "matching_draft",
    "problem_signature",
    "problem_statement",
    "suggested_tags",
]

#: Share of the problem's information the covering section's title and heading must name: the
#: same task, not a few shared words in its body.
SAME_TASK = 0.5
#: Share of the problem's information the articles a category and tags are suggested from must hold.
SUGGEST_COVERAGE = 0.3
SAME_PROBLEM = 0.5  # Jaccard of problem signatures from which two tickets are the same problem
# "Re:", "AW:" (German), "SV:" (Nordic), "TR:" (French), "Fwd:", "WG:", possibly repeated or numbered
_REPLY_PREFIX_RE = re.compile(r"^\s*(?:(?:re|aw|sv|tr|fwd?|wg)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)
_FOLLOW_UP_WORDS = frozenset({"still", "again", "follow-up", "followup", "reopened", "reopen"})
_FOLLOW_UP = "\x00follow-up"  # a marker in a signature, never a stem
_MIN_FOLLOW_UP_STEMS = 2
_FOLLOW_UP_SHARE = 0.75  # of the follow-up subject's stems the earlier problem must have
_MAX_POSTING = 500  # a stem shared by more groups than this says nothing about sameness
_PLACEHOLDER_STEMS = frozenset(
    {"email", "phone", "card", "iban", "ip", "address", "name", "secret", "order", "account"}
)


@dataclass(frozen=True)
class Covered:
    """A published section that already answers the ticket's problem."""

    hit: Hit
    confidence: float
    sentence: str = ""  # the section's sentence that answers the ticket's question: the evidence

    @property
    def target(self) -> str:
        return f"{self.hit.path}#{self.hit.anchor}" if self.hit.anchor else self.hit.path


def problem_statement(ticket: RedactedTicket) -> str:
    """The subject plus the first two sentences of the customer's first message."""
    first = clean_message(ticket.customer[0]) if ticket.customer else ""
    opening = " ".join(split_sentences(" ".join(first.split()))[:2])
    return f"{ticket.subject}. {opening}".strip(" .")


def problem_signature(text: str) -> frozenset[str]:
    return frozenset(stems_of(text)) - _PLACEHOLDER_STEMS


def follow_up_subject(subject: str) -> str | None:
    """The problem a follow-up ticket is about ("Re: Export fails" → "Export fails"), or None when
    the subject is not a follow-up. A follow-up's own words ("still broken after your steps")
    describe the earlier ticket's problem only through its subject."""
    core = _REPLY_PREFIX_RE.sub("", subject)
    words = core.split()
    kept = [w for w in words if w.casefold().strip(".,!?:;-") not in _FOLLOW_UP_WORDS]
    if core == subject and len(kept) == len(words):
        return None
    return " ".join(kept) or None


def _signature(ticket: RedactedTicket) -> frozenset[str]:
    """A ticket's problem signature; a follow-up's is its subject's core, marked as a follow-up."""
    core = follow_up_subject(ticket.subject)
    if core is None:
        return problem_signature(problem_statement(ticket))
    return problem_signature(core) | {_FOLLOW_UP}


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard; for a follow-up, the share of its subject's stems the other problem has."""
    if _FOLLOW_UP in a or _FOLLOW_UP in b:
        short, other = (a, b) if _FOLLOW_UP in a else (b, a)
        core = short - {_FOLLOW_UP}
        if len(core) < _MIN_FOLLOW_UP_STEMS:
            return 0.0
        share = len(core & other) / len(core)
        return share if share >= _FOLLOW_UP_SHARE else 0.0
    return jaccard(a, b)


def group_tickets(tickets: Sequence[RedactedTicket], threshold: float = SAME_PROBLEM) -> list[list[RedactedTicket]]:
    """Tickets grouped by problem, in first-seen order; each ticket joins the most similar group."""
    return cluster_by_stems(tickets, _signature, _similarity, threshold, max_posting=_MAX_POSTING)


def draft_signature(path: Path) -> frozenset[str]:
    """A draft's problem signature, made like a ticket's: its questions (the subjects) and the first
    two sentences of its Problem section (the customer's first message)."""
    meta = read_draft_meta(path)
    questions = meta.get("questions")
    subject = str(questions[0]) if isinstance(questions, list) and questions else str(meta.get("title", ""))
    try:
        body = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset()
    _before, _heading, problem = body.partition("\n## Problem\n")
    problem = problem.split("\n## ", 1)[0]
    opening = " ".join(split_sentences(" ".join(problem.split()))[:2])
    return problem_signature(f"{subject}. {opening}")


def matching_draft(
    ticket: RedactedTicket, drafts: Iterable[tuple[DraftInfo, frozenset[str]]], threshold: float = SAME_PROBLEM
) -> DraftInfo | None:
    """The waiting draft or proposal that describes the same problem, if any. ``drafts`` pairs each
    draft with its :func:`draft_signature`."""
    signature = _signature(ticket)
    best: DraftInfo | None = None
    best_score = threshold
    for draft, draft_sig in drafts:
        score = _similarity(signature, draft_sig)
        if score >= best_score:
            best, best_score = draft, score
    return best


def covering_section(
    index: SectionIndex, ticket: RedactedTicket, threshold: float
) -> tuple[Covered | None, str, tuple[str, ...]]:
    """The published section that answers the ticket's subject with at least ``threshold``
    confidence (or None), and suggestions for a draft from the closest articles: their category
    and the tags they share.

    The subject is what the customer would type into the Ask box; when kb would answer it
    confidently from one section, that section already covers the problem.
    """
    question = ticket.subject.strip() or problem_statement(ticket)
    results = index.covering(question, threshold)
    answer = answer_from_results(results, threshold, measure="match")
    # Suggestions come from the nearest articles even when none covers the whole problem: the
    # sections holding its most informative words (a short And query; a full ranked search per
    # ticket halved the import rate).
    near = answer.results or index.covering(question, SUGGEST_COVERAGE, known_only=True).hits
    category = near[0].path.split("/", 1)[0] if near and "/" in near[0].path else ""
    tags = suggested_tags(index.settings.docs_dir, near)
    if answer.source is None or answer.match < threshold:
        return None, category, tags
    if _named_share(answer.source, results.concepts) < SAME_TASK:
        # The words match somewhere in the section's text, but its title and heading are about
        # something else: "Rename our organization" is not the CSV import that mentions a name.
        return None, category, tags
    return Covered(answer.source, answer.match, answer.answer or ""), category, tags


def suggested_tags(docs_dir: Path, hits: Sequence[Hit], limit: int = 3) -> tuple[str, ...]:
    """Tags of the closest articles: those at least two of the three nearest share, else the
    nearest one's first tags."""
    articles = list(dict.fromkeys(hit.path for hit in hits))[:3]
    tag_lists: list[list[str]] = []
    for path in articles:
        file = docs_dir / path
        try:
            tag_lists.append(list(_article_tags(str(file), file.stat().st_mtime_ns)))
        except OSError:
            tag_lists.append([])
    counts: dict[str, int] = {}
    for tags in tag_lists:
        for tag in dict.fromkeys(tags):
            counts[tag] = counts.get(tag, 0) + 1
    shared = [tag for tag, count in counts.items() if count >= 2]
    chosen = shared or (tag_lists[0] if tag_lists else [])
    return tuple(chosen[:limit])


@lru_cache(maxsize=4096)
def _article_tags(path: str, _mtime_ns: int) -> tuple[str, ...]:
    """An article's tags, read once per version of the file (an import asks for the same few)."""
    tags = read_draft_meta(Path(path)).get("tags")
    return tuple(str(t) for t in tags) if isinstance(tags, list) else ()


def _named_share(hit: Hit, concepts: Sequence[Concept]) -> float:
    """How much of the question's weight the section's title and heading name."""
    return concept_coverage(set(stems_of(f"{hit.title} {hit.heading}")), concepts)
