"""From the review queue to the live site: review, publish, reject, apply.

    result = publish_draft(settings, "fix-printer-offline", category="printing", reviewed_by="sam")
    result.url        # /printing/fix-printer-offline/  — served and searchable when this returns

Publishing refuses, changing nothing, when the draft fails ``kb check`` or the redactor still
finds personal data. Otherwise it gives the article a stable short ``id``, freezes its heading
anchors (``## Steps {#steps}``), writes ``docs/<category>/<slug>.md`` atomically, records the URL
and anchors in the permalink manifest, removes the draft, then updates the index for this article
and rebuilds only the pages it changes.

Crash safety: the article is written (atomically) before the draft is removed, so a kill leaves
the draft, or both; publishing the draft again then finishes the job instead of failing. One
publish, reject or apply runs at a time per data dir (a file lock); the index has its own lock.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kb.authoring import check_links, slugify_title
from kb.config import Settings
from kb.content import (
    DRAFTS_DIR,
    Article,
    Problem,
    category_folders,
    drafts_dir,
    load_article,
    parse_article,
    split_front_matter,
    update_front_matter,
)
from kb.drafting import DraftInfo, check_version, draft_etag, draft_info, find_draft, queue_lock
from kb.errors import ConflictError, ContentError, InputError, NotFoundError
from kb.index import update_articles
from kb.permalinks import load_manifest, manifest_lock, new_article_id, record_published
from kb.redact import find_personal_data
from kb.review.history import record_version
from kb.review.notes import quality_notes
from kb.site import announce, update_sites
from kb.store import docs_lock, write_new_file, write_text_atomic
from kb.team import record_change

__all__ = [
    "REJECTED_DIR",
    "Published",
    "Review",
    "apply_proposal",
    "freeze_anchors",
    "list_rejected",
    "publish_draft",
    "reject_draft",
    "review_draft",
]

REJECTED_DIR = "_rejected"
APPLIED_DIR = "_applied"
_HEADING_LINE_RE = re.compile(r"^(#{2,6})[ \t]+(?P<text>.*?)[ \t]*$")
_HAS_ATTR_RE = re.compile(r"\{:?[^}\n]*\}[ \t]*$")
# Fields that belong to the queue, not to a published article.
_DRAFT_ONLY = ("category", "proposal_for", "proposal_evidence", "rejected")


@dataclass(frozen=True)
class Review:
    """A draft as an agent reviews it: the queue entry, its text, and what would stop publishing."""

    draft: DraftInfo
    text: str
    problems: tuple[Problem, ...]
    personal_data: tuple[str, ...]  # "line 12: phone" — never the value itself

    @property
    def publishable(self) -> bool:
        return not self.personal_data and not any(p.severity == "error" for p in self.problems)

    @property
    def etag(self) -> str:
        """The version of the text reviewed (send it back as If-Match to publish exactly this)."""
        return draft_etag(self.text)


@dataclass(frozen=True)
class Published:
    path: str
    url: str
    id: str
    short_url: str
    seconds: float = 0.0
    #: of ``seconds``: updating the built sites, then the search index (the page exists before search finds it)
    index_seconds: float = 0.0
    site_seconds: float = 0.0


def _link_problems(docs_dir: Path, article: Article) -> list[Problem]:
    """Broken links in ``article``, loading only the articles it links to (no full tree scan)."""
    known: dict[str, Article] = {}
    for link in article.links:
        target = os.path.normpath(os.path.join(os.path.dirname(article.path), link.target)).replace(os.sep, "/")
        file = docs_dir / target
        if target not in known and file.is_file() and not target.startswith(f"{DRAFTS_DIR}/"):
            loaded, _ = load_article(docs_dir, file)
            if loaded is not None:
                known[target] = loaded
    return check_links([article], known)


_REDACTION_COUNTS_RE = re.compile(r"^redaction:[ \t]*\n(?:[ \t]+[a-z_]+:[ \t]*\d+[ \t]*\n)+", re.MULTILINE)


def _personal_data(text: str, settings: Settings) -> tuple[str, ...]:
    # The redaction report kb wrote ("secret: 1") counts placeholders; it is not a secret. Blanked
    # out line for line, so the line numbers of real findings stay right.
    scanned = _REDACTION_COUNTS_RE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    findings = find_personal_data(scanned, patterns=settings.redact_patterns, region=settings.redaction_regions)
    return tuple(f"line {text.count(chr(10), 0, f.start) + 1}: {f.kind}" for f in findings)


def review_draft(settings: Settings, name: str) -> Review:
    """The draft with every ``kb check`` problem and every piece of personal data still in it."""
    path = find_draft(settings.docs_dir, name)
    text = path.read_text(encoding="utf-8", errors="replace")
    article, problems = load_article(settings.docs_dir, path)
    if article is not None:
        problems = [*problems, *_link_problems(settings.docs_dir, article)]
        info = draft_info(settings.docs_dir, path)
        rel = f"{DRAFTS_DIR}/{path.name}"
        problems += quality_notes(rel, text, article.summary, info.category, bool(info.proposal_for))
    return Review(draft_info(settings.docs_dir, path), text, tuple(problems), _personal_data(text, settings))


def _refuse(review: Review) -> None:
    reasons = [str(p) for p in review.problems if p.severity == "error"]
    reasons += [f"{review.draft.path.name}: {item} (personal data left in the draft)" for item in review.personal_data]
    if reasons:
        raise ContentError(
            f"'{review.draft.name}' cannot be published:\n  " + "\n  ".join(reasons),
            "fix the draft (kb review shows the same list), then publish again",
        )


def freeze_anchors(body: str) -> str:
    """Write each section heading's current anchor into it (``## Steps {#steps}``), outside code."""
    article = parse_article("x.md", f"---\ntitle: x\n---\n{body}")[0]
    anchors = {s.line - 3: s.anchor for s in article.sections if s.anchor} if article else {}
    lines = body.split("\n")
    for number, anchor in anchors.items():
        line = lines[number - 1] if 0 < number <= len(lines) else ""
        match = _HEADING_LINE_RE.match(line)
        if match and not _HAS_ATTR_RE.search(match.group("text")):
            lines[number - 1] = f"{line.rstrip()} {{#{anchor}}}"
    return "\n".join(lines)


def _category(docs_dir: Path, wanted: str) -> str:
    category = slugify_title(wanted)
    existing = category_folders(docs_dir)
    if not wanted.strip():
        raise InputError("the draft has no suggested category", f"pass --category, one of: {', '.join(existing)}")
    if category not in existing:
        raise InputError(f"unknown category '{wanted}'", f"use one of: {', '.join(existing) or 'none yet'}")
    return category


def _same_publish(target: Path, provenance: Sequence[str], title: str) -> bool:
    """Whether ``target`` is this draft, published by an earlier run that was interrupted."""
    article, _ = parse_article(target.name, target.read_text(encoding="utf-8", errors="replace"))
    if article is None:
        return False
    published = [str(p) for p in article.meta.get("provenance", []) or []]
    return (list(provenance) == published and bool(published)) or (not provenance and article.title == title)


def publish_draft(
    settings: Settings,
    name: str,
    *,
    category: str | None = None,
    reviewed_by: str = "",
    today: dt.date | None = None,
    as_new: bool = False,
    expected: str | None = None,
) -> Published:
    """Publish the draft ``name`` into ``category`` (default: its suggested one); see the module doc.

    An update proposal is refused unless ``as_new``: the duplicate check can be wrong, and then
    the proposal is published as an article of its own. ``expected``: the ETag of the text the
    agent reviewed; a draft that changed since is not published.
    """
    start = time.perf_counter()
    docs = settings.docs_dir
    today = today or dt.date.today()
    with docs_lock(settings, "publish"), queue_lock(settings):
        review = review_draft(settings, name)
        check_version(review.draft.path, review.text, expected)
        _refuse(review)
        draft_path = review.draft.path
        if review.draft.proposal_for and not as_new:
            raise ConflictError(
                f"'{review.draft.name}' is an update proposal for {review.draft.proposal_for}",
                f"apply it (kb apply {review.draft.name}), or publish it as its own article with --as-new",
            )
        article, _ = load_article(docs, draft_path)
        assert article is not None  # _refuse passed, so it parsed
        rel = _published_path(docs, article, category, draft_path.stem)
        _write_published(docs, rel, review.text, article, reviewed_by, today)
        target = docs / rel
        published, _ = load_article(docs, target)
        assert published is not None
        record_published(docs, [published])
        record_version(settings, rel, agent=reviewed_by or "agent", message=f"Published “{published.title}”")
        draft_rel = draft_path.relative_to(docs).as_posix()
        draft_path.unlink(missing_ok=True)
        announce(settings, "publish", [rel])
    record_change(settings, reviewed_by or "agent", "publish", rel, f"from draft {draft_rel}")
    # The page first: search must never lead a customer to a page not written yet.
    building = time.perf_counter()
    update_sites(settings, changed=[rel], removed=[draft_rel])
    indexing = time.perf_counter()
    update_articles(settings, [published])
    end = time.perf_counter()
    short = f"/s/{published.id}/" if published.id else ""
    return Published(
        rel, "/" + published.url, published.id or "", short, end - start, end - indexing, indexing - building
    )


def _published_path(docs: Path, article: Article, category: str | None, fallback: str) -> str:
    """Where the draft goes: ``<category>/<slug of its title>.md``."""
    folder = _category(docs, category or str(article.meta.get("category", "")))
    slug = slugify_title(article.title).replace("_", "-") or fallback
    return f"{folder}/{slug}.md"


def _write_published(docs: Path, rel: str, text: str, article: Article, reviewed_by: str, today: dt.date) -> None:
    """Write the published article: a stable id, the review record, the draft-only fields gone, anchors frozen.

    A file already there is fine only if it is this very draft, published by an interrupted run.
    """
    target = docs / rel
    provenance = [str(p) for p in article.meta.get("provenance", []) or []]
    if target.exists():
        if not _same_publish(target, provenance, article.title):
            raise ConflictError(
                f"{rel} already exists",
                "change the draft's title, publish into another category, or apply it as an update",
            )
        return
    with manifest_lock(docs):
        ids = {record.id for record in load_manifest(docs).pages.values() if record.id}
    article_id = str(article.meta.get("id") or new_article_id(ids))
    _front, body, _ = split_front_matter(text)
    changes: dict[str, object | None] = {name: None for name in _DRAFT_ONLY}
    changes.update(
        id=article_id,
        status="published",
        published=today,
        updated=today,
        reviewed_by=reviewed_by or "agent",
        provenance=provenance,
    )
    published_text = update_front_matter(text, changes)
    # update_front_matter keeps the body byte for byte, so it is still the text's tail.
    published_text = published_text[: len(published_text) - len(body)] + freeze_anchors(body)
    try:
        write_text_atomic(target, published_text, exclusive=True)
    except FileExistsError:
        raise ConflictError(f"{rel} was just created by another publish", "run kb drafts and retry") from None


def _move_out_of_queue(docs: Path, path: Path, folder: str, changes: dict[str, object | None]) -> Path:
    """Move a draft into ``_drafts/<folder>/`` with ``changes`` in its front matter; never overwrites."""
    text = update_front_matter(path.read_text(encoding="utf-8"), changes)
    destination_dir = drafts_dir(docs) / folder
    destination = write_new_file(
        destination_dir,
        path.stem,
        text,
        on_clash=lambda _: ConflictError(f"too many {folder} copies of {path.name}", f"tidy {destination_dir}"),
    )
    path.unlink()
    return destination


def reject_draft(
    settings: Settings,
    name: str,
    reason: str,
    by: str = "",
    today: dt.date | None = None,
    expected: str | None = None,
) -> Path:
    """Take a draft or proposal out of the queue with the reason; it is kept in ``_drafts/_rejected/``.

    ``expected``: the ETag of the text the agent saw; a draft that changed since is not rejected."""
    if not reason.strip():
        raise InputError("a rejection needs a reason", 'pass --reason "why this should not be an article"')
    with docs_lock(settings, "publish"), queue_lock(settings):
        path = find_draft(settings.docs_dir, name)
        check_version(path, path.read_text(encoding="utf-8"), expected)
        rel = path.relative_to(settings.docs_dir).as_posix()
        record = {
            "reason": " ".join(reason.split()),
            "date": (today or dt.date.today()).isoformat(),
            "by": by or "agent",
        }
        destination = _move_out_of_queue(settings.docs_dir, path, REJECTED_DIR, {"rejected": record})
    record_change(settings, by or "agent", "reject", rel, f"reason: {record['reason']}")
    update_sites(settings, changed=[], removed=[rel])
    return destination


def list_rejected(docs_dir: Path) -> list[DraftInfo]:
    folder = drafts_dir(docs_dir) / REJECTED_DIR
    files = sorted(folder.glob("*.md")) if folder.is_dir() else []
    return [draft_info(docs_dir, file) for file in files]


def _section_end(lines: list[str], start: int, level: int) -> int:
    """Index of the first line after the section whose heading is ``lines[start]``."""
    fence = False
    for index in range(start + 1, len(lines)):
        if lines[index].lstrip().startswith(("```", "~~~")):
            fence = not fence
        match = None if fence else re.match(r"^(#{1,6})\s", lines[index])
        if match and len(match.group(1)) <= level:
            return index
    return len(lines)


def _proposal_text(proposal: Article) -> str:
    """What a proposal adds to a section: its title as a lead-in, then its solution steps."""
    solution = next((s for s in proposal.sections if s.heading == "Solution"), None)
    steps = solution.markdown.strip() if solution else ""
    steps = re.sub(r"^#{2,6}\s.*\n?", "", steps).strip()
    title = proposal.title.removeprefix("Fix: ")
    return f"**{title[:1].upper() + title[1:]}:**\n\n{steps}\n" if steps else ""


def apply_proposal(
    settings: Settings, name: str, by: str = "", today: dt.date | None = None, expected: str | None = None
) -> str:
    """Merge an update proposal into its target section (its heading and anchor unchanged); returns
    the article's path. The proposal moves to ``_drafts/_applied/``. ``expected``: as for publish."""
    docs = settings.docs_dir
    with docs_lock(settings, "publish"), queue_lock(settings):
        path = find_draft(docs, name)
        check_version(path, path.read_text(encoding="utf-8"), expected)
        proposal, problems = load_article(docs, path)
        if proposal is None:
            raise ContentError(f"{path.name} cannot be read", "; ".join(str(p) for p in problems))
        target_ref = str(proposal.meta.get("proposal_for", ""))
        if not target_ref:
            raise ConflictError(f"'{name}' is a draft, not an update proposal", f"publish it: kb publish {name}")
        rel, _, anchor = target_ref.partition("#")
        target_file = docs / rel
        if not target_file.is_file():
            raise NotFoundError(f"the proposal's article {rel} no longer exists", "reject the proposal or move it")
        text = target_file.read_text(encoding="utf-8")
        target, _ = load_article(docs, target_file)
        assert target is not None
        section = next((s for s in target.sections if s.anchor == anchor), None) if anchor else target.sections[0]
        if section is None:
            raise NotFoundError(f"{rel} has no section #{anchor} any more", "reject the proposal or edit it by hand")
        addition = _proposal_text(proposal)
        lines = text.split("\n")
        start = section.line - 1
        end = _section_end(lines, start, max(section.level, 1)) if section.level > 1 else _section_end(lines, start, 1)
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        merged = [*lines[:end], "", *addition.rstrip("\n").split("\n"), *lines[end:]] if addition else lines
        provenance = [str(p) for p in target.meta.get("provenance", []) or []]
        provenance += [str(p) for p in proposal.meta.get("provenance", []) or [] if str(p) not in provenance]
        new_text = update_front_matter(
            "\n".join(merged), {"provenance": provenance, "updated": today or dt.date.today()}
        )
        write_text_atomic(target_file, new_text)
        _move_out_of_queue(docs, path, APPLIED_DIR, {"status": "applied", "reviewed_by": by or "agent"})
        updated, _ = load_article(docs, target_file)
        assert updated is not None
        record_published(docs, [updated])
        announce(settings, "apply", [rel])
        record_version(settings, rel, agent=by or "agent", message=f"Applied the proposal {path.stem}")
    record_change(settings, by or "agent", "apply", rel, f"update proposal {path.relative_to(docs).as_posix()}")
    update_articles(settings, [updated])
    update_sites(settings, changed=[rel], removed=[path.relative_to(docs).as_posix()])
    return rel
