"""Draft articles from redacted tickets, and the review queue of drafts and update proposals.

A draft is an ordinary article file in ``docs/_drafts/`` (MkDocs drafts: previewed by ``kb serve``,
never in the built site) with ``status: draft``; an update proposal is the same kind of file with
``status: proposal`` and ``proposal_for: <article path>#<anchor>``, the section it would improve.

    content = compose_draft([redacted_ticket], category="billing")
    path = write_draft(settings.docs_dir, content)        # docs/_drafts/export-your-invoices.md
    for item in list_drafts(settings.docs_dir): ...       # the queue, oldest first

Front matter is written with ``yaml.safe_dump`` (no ticket text can add a field), the body with
``escape_markdown`` (no raw HTML, Jinja or links), and file names are slugs confined to the drafts
folder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kb.authoring import slugify_title
from kb.content import (
    DRAFTS_DIR,
    drafts_dir,
    iter_article_files,
    split_front_matter,
)
from kb.drafting.draft_text import (
    cause_sentences,
    clean_message,
    escape_markdown,
    informative_sentences,
    plain_line,
    resolution_steps,
    step_key,
    summary_from_steps,
    task_title,
    without_signature,
)
from kb.drafting.redacted_ticket import RedactedTicket
from kb.errors import ContentError, InputError, NotFoundError
from kb.redact import RedactionReport
from kb.store import write_new_file
from kb.text import split_sentences

__all__ = [
    "DRAFTS_DIR",
    "MAX_QUESTIONS",
    "PLACEHOLDER_SOLUTION",
    "DraftContent",
    "DraftInfo",
    "compose_draft",
    "draft_info",
    "drafts_dir",
    "find_draft",
    "list_drafts",
    "read_draft_meta",
    "render_draft",
    "strings",
    "write_draft",
]

MAX_PROBLEM_CHARS = 1200
#: What a draft's Solution says when the reply held no steps; publish refuses a draft that still does.
PLACEHOLDER_SOLUTION = "The ticket's resolution had no steps to extract: write them here."
MAX_QUESTIONS = 5
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster, same result
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass(frozen=True)
class DraftContent:
    """Everything a draft file says. ``problem``, ``steps`` and ``details`` are escaped Markdown."""

    title: str
    summary: str
    problem: str
    steps: tuple[str, ...]
    details: tuple[str, ...]
    tags: tuple[str, ...]
    questions: tuple[str, ...]
    provenance: tuple[str, ...]
    redaction: RedactionReport
    created: dt.date
    category: str = ""
    proposal_for: str = ""
    cause: tuple[str, ...] = ()
    #: why kb thinks the proposal's section already covers the problem: its sentence and the score
    evidence: str = ""

    @property
    def status(self) -> str:
        return "proposal" if self.proposal_for else "draft"


@dataclass(frozen=True)
class DraftInfo:
    """One entry of the review queue, read from a draft file's front matter."""

    name: str
    path: Path
    status: str
    title: str
    provenance: tuple[str, ...]
    created: dt.date | None
    redaction: Mapping[str, int] = field(default_factory=dict)
    proposal_for: str = ""
    category: str = ""
    evidence: str = ""

    def age_days(self, today: dt.date | None = None) -> int | None:
        return None if self.created is None else ((today or dt.date.today()) - self.created).days


def _resolution(ticket: RedactedTicket) -> tuple[str, list[str]]:
    """The agent reply that resolved the ticket (the one with the most steps, the latest on a tie)."""
    best, best_steps = "", list[str]()
    for reply in ticket.agent:
        cleaned = clean_message(reply)
        steps = resolution_steps(cleaned)
        if len(steps) >= len(best_steps) and cleaned:
            best, best_steps = cleaned, steps
    return best, best_steps


def _problem(ticket: RedactedTicket) -> str:
    """The customer's first message without greeting, sign-off, signature or thanks."""
    first = next((without_signature(clean_message(m)) for m in ticket.customer if clean_message(m)), "")
    first = first[:1].upper() + first[1:]
    if len(first) > MAX_PROBLEM_CHARS:
        first = first[:MAX_PROBLEM_CHARS].rsplit(" ", 1)[0] + " …"
    return first or plain_line(ticket.subject, summary=True)


def _questions(tickets: Sequence[RedactedTicket]) -> tuple[str, ...]:
    """The customers' own questions, kept as regression questions for ``kb eval``."""
    found: list[str] = []
    for ticket in tickets:
        subject = plain_line(ticket.subject, summary=True)
        if len(subject.split()) >= 3:
            found.append(subject)
        first = clean_message(ticket.customer[0]) if ticket.customer else ""
        for sentence in split_sentences(" ".join(first.split()))[:4]:
            if sentence.endswith("?") and 3 <= len(sentence.split()) <= 30:
                found.append(plain_line(sentence, summary=True))
    unique = list(dict.fromkeys(q for q in found if q))
    return tuple(unique[:MAX_QUESTIONS])


def compose_draft(
    tickets: Sequence[RedactedTicket],
    *,
    category: str = "",
    proposal_for: str = "",
    today: dt.date | None = None,
    suggested_tags: Sequence[str] = (),
    evidence: str = "",
) -> DraftContent:
    """One draft from one ticket or a group of near-identical ones (the richest resolution leads)."""
    if not tickets:
        raise ValueError("compose_draft needs at least one ticket")
    ranked = sorted(tickets, key=lambda t: len(_resolution(t)[1]), reverse=True)
    lead = ranked[0]
    resolution, steps = _resolution(lead)
    # Duplicates and follow-ups add the steps the lead's reply does not have.
    for ticket in ranked[1:]:
        for step in _resolution(ticket)[1]:
            if step_key(step) not in {step_key(s) for s in steps}:
                steps.append(step)
    cause = cause_sentences(resolution)
    details = informative_sentences(resolution, [*steps, *cause])
    for ticket in ranked:
        for reply in ticket.agent:
            cleaned = clean_message(reply)
            if cleaned != resolution:
                details += informative_sentences(cleaned, [*steps, *details, *cause], limit=2)
    problem = _problem(lead)
    fallback = details or split_sentences(" ".join(resolution.split()))
    # The tickets' own topic tags first, then those of the nearest published articles.
    tags = list(dict.fromkeys([*(tag for t in tickets for tag in t.tags), *suggested_tags]))
    title = task_title(lead.subject, problem)
    return DraftContent(
        title=title,
        summary=summary_from_steps(steps, fallback, title),
        problem=escape_markdown(problem),
        steps=tuple(escape_markdown(s) for s in steps),
        details=tuple(escape_markdown(s) for s in details[:6]),
        tags=tuple(tags[:8]),
        questions=_questions(tickets),
        provenance=tuple(dict.fromkeys(t.id for t in tickets)),
        redaction=sum((t.report for t in tickets), RedactionReport()),
        created=today or dt.date.today(),
        category=category,
        proposal_for=proposal_for,
        cause=tuple(escape_markdown(s) for s in cause),
        evidence=evidence,
    )


def _front_matter(content: DraftContent) -> dict[str, Any]:
    meta: dict[str, Any] = {"title": content.title, "summary": content.summary, "tags": list(content.tags)}
    meta["status"] = content.status
    if content.proposal_for:
        meta["proposal_for"] = content.proposal_for
        if content.evidence:
            meta["proposal_evidence"] = content.evidence
    if content.category:
        meta["category"] = content.category
    meta["provenance"] = list(content.provenance)
    meta["created"] = content.created
    meta["redaction"] = content.redaction.as_dict()
    if content.questions:
        meta["questions"] = list(content.questions)
    return meta


def render_draft(content: DraftContent) -> str:
    """The draft file: YAML front matter, H1, then Problem, Solution and (when there is more) Details."""
    meta = yaml.dump(_front_matter(content), Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=1000)
    parts = [f"---\n{meta}---\n# {content.title}\n", f"## Problem\n\n{content.problem}\n"]
    if content.steps:
        steps = "\n".join(f"{n}. {' '.join(step.split())}" for n, step in enumerate(content.steps, 1))
        parts.append(f"## Solution\n\n{steps}\n")
    else:
        parts.append(f"## Solution\n\n{PLACEHOLDER_SOLUTION}\n")
    if content.cause:
        parts.append("## Cause\n\n" + " ".join(content.cause) + "\n")
    if content.details:
        parts.append("## Details\n\n" + " ".join(content.details) + "\n")
    return "\n".join(parts)


def write_draft(docs_dir: Path, content: DraftContent, *, durable: bool = True) -> Path:
    """Write ``content`` as a new file in ``docs/_drafts/`` and return its path; never overwrites.

    ``durable=False``: no fsync (a big import syncs once at the end)."""
    folder = drafts_dir(docs_dir)
    base = slugify_title(content.title).replace("_", "-") or "draft"
    if content.proposal_for:
        target = Path(content.proposal_for.split("#", 1)[0]).stem
        base = f"update-{slugify_title(target)}-{base}"[:80].rstrip("-")
    text = render_draft(content)
    try:
        return write_new_file(
            folder,
            base,
            text,
            durable=durable,
            on_clash=lambda _: ContentError(
                f"{folder}: too many drafts named {base}", "publish or reject some of them"
            ),
        )
    except ValueError as exc:
        raise ContentError(f"draft name {base!r} would leave {folder}", "draft names are slugs of the title") from exc


def find_draft(docs_dir: Path, name: str) -> Path:
    """The draft file called ``name`` (``x``, ``x.md`` or ``_drafts/x.md``), confined to the queue."""
    folder = drafts_dir(docs_dir).resolve()
    cleaned = name.strip().removeprefix(f"{DRAFTS_DIR}/").removesuffix(".md")
    if not cleaned or cleaned.startswith("_") or "\\" in cleaned:
        raise InputError(f"invalid draft name {name!r}", "use a name that 'kb drafts' lists")
    path = (folder / f"{cleaned}.md").resolve()
    if not path.is_relative_to(folder) or any(part.startswith("_") for part in path.relative_to(folder).parts):
        raise InputError(f"invalid draft name {name!r}", "use a name that 'kb drafts' lists")
    if not path.is_file():
        raise NotFoundError(f"no draft named '{cleaned}' in {DRAFTS_DIR}/", "run 'kb drafts' to see the queue")
    return path


def read_draft_meta(path: Path) -> dict[str, Any]:
    """A draft's front matter, or ``{}`` when it has none or it does not parse (``kb check`` says why)."""
    try:
        front, _body, _line = split_front_matter(path.read_text(encoding="utf-8", errors="replace"))
        meta = yaml.load(front, Loader=_LOADER) if front else None
    except (OSError, yaml.YAMLError):
        return {}
    return meta if isinstance(meta, dict) else {}


def strings(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def draft_info(docs_dir: Path, path: Path) -> DraftInfo:
    """The queue entry of one draft file (``path`` inside ``docs/_drafts/``)."""
    meta = read_draft_meta(path)
    created = meta.get("created")
    redaction = meta.get("redaction")
    return DraftInfo(
        name=path.relative_to(drafts_dir(docs_dir)).with_suffix("").as_posix(),
        path=path,
        status=str(meta.get("status", "draft")),
        title=str(meta.get("title", path.stem)),
        provenance=strings(meta.get("provenance")),
        created=created if isinstance(created, dt.date) else None,
        redaction=RedactionReport.from_dict(redaction).as_dict() if isinstance(redaction, dict) else {},
        proposal_for=str(meta.get("proposal_for", "")),
        category=str(meta.get("category", "")),
        evidence=str(meta.get("proposal_evidence", "")),
    )


def list_drafts(docs_dir: Path) -> list[DraftInfo]:
    """Every draft and update proposal in ``docs/_drafts/``, oldest first."""
    items = [draft_info(docs_dir, path) for path in iter_article_files(docs_dir, drafts=True)]
    items.sort(key=lambda d: (d.created or dt.date.max, d.name))
    return items
