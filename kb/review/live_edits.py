"""Editing a published article from ``/agent``: the draft editor's checks, frozen anchors, history.

    live = review_live(settings, "billing/export-invoices.md")
    result = edit_live(settings, live.path, agent="sam", body=new_body, expected=live.etag)
    rollback_live(settings, live.path, list_versions(settings, live.path)[1].id, agent="sam")

An edit is refused, changing nothing, when the new text fails ``kb check``, adds personal data
or was made from an older version (``expected``, the ETag the agent's page was made from).

Anchors are part of the public contract, so they stay frozen: a heading the agent renames keeps
its published id (``## New words {#old-id}``), a heading that keeps its words keeps its id, and
a section that is removed has its anchor redirected to the section before it, so links to it
still land near what they meant. Then the article is written atomically, kept as a new version
(a git commit, or a version in the database, with the agent), and the index and sites are updated for this
one page, as publishing does.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import Counter
from dataclasses import dataclass

from kb.config import Settings
from kb.content import Article, Problem, docs_path, is_published_path, parse_article, split_front_matter
from kb.content import update_front_matter as _update_front_matter
from kb.drafting import MAX_DRAFT_CHARS, check_version, draft_etag
from kb.errors import ContentError, InputError, NotFoundError
from kb.index import update_articles
from kb.permalinks import record_published, redirect_anchor
from kb.review.history import record_version, version_text
from kb.review.publish import _link_problems, _personal_data
from kb.site import announce, update_sites
from kb.store import docs_lock, write_text_atomic
from kb.team import record_change

__all__ = ["LiveArticle", "LiveEdit", "edit_live", "freeze_renamed", "review_live", "rollback_live"]

_HEADING_LINE_RE = re.compile(r"^(#{2,6})[ \t]+(?P<text>.*?)[ \t]*$")
_HAS_ATTR_RE = re.compile(r"\{:?[^}\n]*\}[ \t]*$")


@dataclass(frozen=True)
class LiveArticle:
    """A published article as an agent edits it: its text and what ``kb check`` finds in it."""

    path: str
    text: str
    article: Article
    problems: tuple[Problem, ...]

    @property
    def etag(self) -> str:
        """The version of the text (send it back as If-Match to edit exactly this)."""
        return draft_etag(self.text)


@dataclass(frozen=True)
class LiveEdit:
    path: str
    url: str
    etag: str
    changed: bool
    #: removed sections' anchors and where links to them now go
    redirected: tuple[tuple[str, str], ...] = ()
    #: why the history did not record this version ("" when it did)
    warning: str = ""
    seconds: float = 0.0
    index_seconds: float = 0.0
    site_seconds: float = 0.0


def _published_rel(settings: Settings, given: str) -> str:
    rel = docs_path(settings.docs_dir, given)
    if not is_published_path(rel):
        raise InputError(f"{rel} is not a published article", "drafts and _ files are edited in the review queue")
    if not (settings.docs_dir / rel).is_file():
        raise NotFoundError(f"{rel}: no such article in {settings.docs_dir}", "pick it from the help centre or kb list")
    return rel


def _checked(settings: Settings, rel: str, text: str) -> tuple[Article | None, list[Problem]]:
    article, problems = parse_article(rel, text)
    if article is not None:
        problems = [*problems, *_link_problems(settings.docs_dir, article)]
    return article, problems


def review_live(settings: Settings, given: str) -> LiveArticle:
    """The published article at ``given`` (a path or its page URL) with its ``kb check`` problems."""
    rel = _published_rel(settings, given)
    text = (settings.docs_dir / rel).read_text(encoding="utf-8", errors="replace")
    article, problems = _checked(settings, rel, text)
    if article is None:
        raise ContentError(f"{rel} cannot be read: {problems[0] if problems else 'no front matter'}", "fix it in git")
    return LiveArticle(rel, text, article, tuple(problems))


def freeze_renamed(old: Article, text: str) -> tuple[str, dict[str, str]]:
    """``text`` with each heading that has no explicit id given its published one; and the removed
    anchors, each with the surviving anchor links to it should go to.

    A heading keeps the id it has now if that is a published anchor; otherwise (renamed) it takes
    the anchor of the published section in the same place, when that anchor is not used elsewhere.
    """
    new, _ = parse_article(old.path, text)
    if new is None:
        return text, {}
    published = [s.anchor for s in old.sections if s.level > 1 and s.anchor]
    sections = [s for s in new.sections if s.level > 1 and s.anchor]
    lines = text.split("\n")
    heading_ids = {s.anchor for s in sections}
    used = {s.anchor for s in sections if _HAS_ATTR_RE.search(lines[s.line - 1])}
    for position, section in enumerate(sections):
        line = lines[section.line - 1]
        match = _HEADING_LINE_RE.match(line)
        if not match or _HAS_ATTR_RE.search(match.group("text")):
            continue
        anchor = section.anchor
        if anchor not in published or anchor in used:
            same_place = published[position] if position < len(published) else ""
            if same_place and same_place not in heading_ids and same_place not in used:
                anchor = same_place
        used.add(anchor)
        lines[section.line - 1] = f"{line.rstrip()} {{#{anchor}}}"
    frozen = "\n".join(lines)
    after, _ = parse_article(old.path, frozen)
    kept = after.anchors if after else frozenset()
    removed: dict[str, str] = {}
    for index, anchor in enumerate(published):
        if anchor in kept:
            continue
        before = [a for a in reversed(published[:index]) if a in kept]
        later = [s.anchor for s in (after.sections if after else ()) if s.level > 1 and s.anchor]
        target = before[0] if before else (later[0] if later else "")
        removed[anchor] = target
    return frozen, removed


def _new_text(current: str, title: str | None, summary: str | None, body: str | None, today: dt.date) -> str:
    """The article with a new title (and H1), summary or body (the Markdown after the H1)."""
    changes: dict[str, object | None] = {"updated": today}
    for name, value in (("title", title), ("summary", summary)):
        if value is not None:
            cleaned = " ".join(value.split())
            if not cleaned:
                raise InputError(f"the {name} cannot be empty", f"write the article's {name}")
            changes[name] = cleaned
    if body is not None and len(body) > MAX_DRAFT_CHARS:
        raise InputError(f"the body is {len(body):,} characters, over {MAX_DRAFT_CHARS:,}", "shorten the article")
    front, old_body, _ = split_front_matter(current)
    if front is None:
        raise ContentError("the article has no front matter", "fix it in git (see kb check)")
    updated = _update_front_matter(current, changes)
    head = updated[: len(updated) - len(old_body)]
    lines = old_body.split("\n")
    h1 = next((i for i, line in enumerate(lines) if line.startswith("# ")), None)
    lead = "\n".join(lines[:h1]) if h1 is not None else ""
    rest = "\n".join(lines[h1 + 1 :]) if h1 is not None else old_body
    if body is not None:
        rest = "\n" + body.replace("\r\n", "\n").strip("\n") + "\n"
    heading = title if title is not None else (lines[h1][2:] if h1 is not None else "")
    heading = " ".join(heading.split())
    return head + lead + (("\n" if lead else "") + f"# {heading}\n" if heading else "") + rest


def _undated(text: str) -> str:
    return _update_front_matter(text, {"updated": None})


def _refuse_new_problems(settings: Settings, rel: str, old: str, new: str) -> Article:
    article, problems = _checked(settings, rel, new)
    reasons = [str(p) for p in problems if p.severity == "error"]
    before = Counter(item.partition(": ")[2] for item in _personal_data(old, settings))
    for item in _personal_data(new, settings):
        kind = item.partition(": ")[2]
        if before[kind] > 0:
            before[kind] -= 1  # was already there (kb's own text, or a redaction placeholder)
        else:
            reasons.append(f"{rel}: {item} (personal data)")
    if reasons or article is None:
        raise ContentError(f"the edit to {rel} was not saved:\n  " + "\n  ".join(reasons or ["it cannot be read"]),
                           "fix the text (the editor lists the same problems), then save again")  # fmt: skip
    return article


def _write_live(
    settings: Settings, live: LiveArticle, wanted: str, *, agent: str, message: str, expected: str | None
) -> LiveEdit:
    """Check, freeze anchors, write, record the version, and update the index and sites."""
    start = time.perf_counter()
    docs, rel = settings.docs_dir, live.path
    with docs_lock(settings, "publish"):
        current = (docs / rel).read_text(encoding="utf-8", errors="replace")
        check_version(docs / rel, current, expected)
        if current != live.text:
            live = review_live(settings, rel)
        text, removed = freeze_renamed(live.article, wanted)
        if _undated(text) == _undated(current):
            return LiveEdit(rel, "/" + live.article.url, draft_etag(current), False)
        if any(not target for target in removed.values()):
            raise ContentError(f"the edit removes every section of {rel}", "keep at least one ## section")
        article = _refuse_new_problems(settings, rel, current, text)
        # The text before this edit, if it never was (changed in git by hand, or published before
        # kb kept history): so the history can always go back to what customers saw.
        record_version(settings, rel, agent="kb", message=f"{rel} as it was before {agent}'s change")
        record_published(docs, [live.article])  # what was live is part of the contract, manifest or not
        write_text_atomic(docs / rel, text)
        for old_anchor, target in removed.items():
            redirect_anchor(docs, rel, old_anchor, target)
        record_published(docs, [article])
        warning = record_version(settings, rel, agent=agent, message=message)
        announce(settings, "edit", [rel])
    record_change(settings, agent, "edit", rel, message + (f"; anchors redirected: {len(removed)}" if removed else ""))
    indexing = time.perf_counter()
    update_articles(settings, [article])
    building = time.perf_counter()
    update_sites(settings, changed=[rel], removed=[])
    end = time.perf_counter()
    return LiveEdit(
        rel, "/" + article.url, draft_etag(text), True, tuple(removed.items()), warning,
        end - start, building - indexing, end - building,
    )  # fmt: skip


def edit_live(
    settings: Settings,
    given: str,
    *,
    agent: str,
    title: str | None = None,
    summary: str | None = None,
    body: str | None = None,
    expected: str | None = None,
    today: dt.date | None = None,
) -> LiveEdit:
    """Change a published article's title, summary or body, live; see the module doc.

    ``expected``: the ETag of the text the agent edited; an article that changed since is refused
    (``StaleEditError``) rather than overwritten."""
    live = review_live(settings, given)
    wanted = _new_text(live.text, title, summary, body, today or dt.date.today())
    title_now = " ".join((title if title is not None else live.article.title).split())
    return _write_live(settings, live, wanted, agent=agent, message=f"Edited “{title_now}”", expected=expected)


def rollback_live(
    settings: Settings,
    given: str,
    version: str,
    *,
    agent: str,
    expected: str | None = None,
    today: dt.date | None = None,
) -> LiveEdit:
    """Make ``version`` (an id from ``list_versions``) the live text again, as a new version."""
    live = review_live(settings, given)
    old = version_text(settings, live.path, version)
    wanted = _update_front_matter(old, {"updated": today or dt.date.today()})
    message = f"Rolled back to the version of {version[:19]}"
    return _write_live(settings, live, wanted, agent=agent, message=message, expected=expected)
