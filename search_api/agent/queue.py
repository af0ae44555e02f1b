"""The queue page: drafts, update proposals, rejected items and the content-gap queue, with the gap actions.

The queue is paged (:data:`PAGE_SIZE` entries a page, ``?page=N``, oldest first): only the entries
on the page are reviewed, so the page stays fast with thousands of drafts waiting.
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from kb.config import Settings
from kb.content import Problem
from kb.drafting import DraftInfo, list_drafts, read_draft_meta
from kb.errors import InputError, KBError
from kb.insight import GapGroup, find_gap, gap_groups, gap_to_draft_stub, link_gap_to_article
from kb.review import list_rejected, review_draft
from kb.store import connect
from search_api.agent.identity import CheckedPost, SignedIn, acting_name
from search_api.agent.web import AgentRoute, base_path, render, secure
from search_api.deps import get_settings
from search_api.errors import status_for

__all__ = ["GAP_DAYS", "PAGE_SIZE", "QueueItem", "router"]

router = APIRouter(route_class=AgentRoute)

#: the gap queue covers the same period as ``kb gaps``' default
GAP_DAYS = 30
GAP_LIMIT = 50
#: queue entries (drafts and proposals) a page; the rejected list shows this many of the latest
PAGE_SIZE = 50
_NOTICES = {
    "rejected": "Rejected “{item}”. It is kept with the rejected items below.",
    "applied": "Applied the proposal to {item}.",
    "linked": "Linked the content gap to {item}; that question now finds it.",
}


@dataclass(frozen=True)
class QueueItem:
    """A queue entry with what would stop it being published."""

    info: DraftInfo
    problems: tuple[Problem, ...] = ()
    personal_data: tuple[str, ...] = ()
    publishable: bool = False
    error: str = ""  # the draft could not be reviewed at all
    rejected: dict[str, Any] | None = None

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error") + len(self.personal_data)


def _reviewed(settings: Settings, info: DraftInfo) -> QueueItem:
    try:
        review = review_draft(settings, info.name)
    except KBError as exc:
        return QueueItem(info, error=str(exc))
    return QueueItem(info, review.problems, review.personal_data, review.publishable)


def _rejected(info: DraftInfo) -> QueueItem:
    record = read_draft_meta(info.path).get("rejected")
    return QueueItem(info, rejected=record if isinstance(record, dict) else {})


def queue_context(settings: Settings, page: int = 1) -> dict[str, Any]:
    """Everything the queue page ``page`` shows (blocking: file and database reads)."""
    waiting = list_drafts(settings.docs_dir)
    pages = max(1, -(-len(waiting) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    start = (page - 1) * PAGE_SIZE
    items = [_reviewed(settings, info) for info in waiting[start : start + PAGE_SIZE]]
    rejected_infos = list_rejected(settings.docs_dir)
    rejected = [_rejected(info) for info in rejected_infos]
    rejected.sort(key=lambda item: str((item.rejected or {}).get("date", "")), reverse=True)
    with closing(connect(settings.database)) as db:
        gaps = gap_groups(db, GAP_DAYS, limit=GAP_LIMIT)
    proposals_total = sum(1 for info in waiting if info.status == "proposal")
    return {
        "drafts": [item for item in items if item.info.status != "proposal"],
        "proposals": [item for item in items if item.info.status == "proposal"],
        "drafts_total": len(waiting) - proposals_total,
        "proposals_total": proposals_total,
        "paging": {"page": page, "pages": pages, "first": start + 1, "last": start + len(items), "total": len(waiting)},
        "rejected": rejected[:PAGE_SIZE],
        "rejected_total": len(rejected),
        "gaps": gaps,
        "gap_days": GAP_DAYS,
    }


async def queue_page(
    request: Request, status: int = 200, *, gap_error: str = "", gap_key: str = "", notice: str = "", page: int = 1
) -> Response:
    settings: Settings = get_settings(request)
    context = await run_in_threadpool(queue_context, settings, page)
    context.update(page_title="Review queue", gap_error=gap_error, gap_key=gap_key, notice=notice)
    return render(request, "queue.html", context, status)


@router.get("/")
async def queue(request: Request, _session: SignedIn, done: str = "", item: str = "", page: str = "1") -> Response:
    template = _NOTICES.get(done, "")
    number = int(page) if page.isdigit() and len(page) < 7 else 1  # a bad page number shows the first
    return await queue_page(request, notice=template.format(item=item[:200]) if template else "", page=number)


def _gap_draft(settings: Settings, key: str, agent: str) -> str:
    with closing(connect(settings.database)) as db:
        group = find_gap(db, key, GAP_DAYS)
    return gap_to_draft_stub(settings, group, agent=agent).stem


def _gap_link(settings: Settings, key: str, target: str, agent: str) -> str:
    with closing(connect(settings.database)) as db:
        group: GapGroup = find_gap(db, key, GAP_DAYS)
    path = link_gap_to_article(settings, group, target, agent=agent)
    return path.relative_to(settings.docs_dir.resolve()).as_posix()


@router.post("/gaps/draft")
async def gap_to_draft(request: Request, post: CheckedPost) -> Response:
    """Make a draft stub from the gap and open it in the editor."""
    key = post.form.get("key")
    try:
        name = await run_in_threadpool(_gap_draft, get_settings(request), key, acting_name(request))
    except KBError as exc:
        return await queue_page(request, status_for(exc), gap_error=str(exc), gap_key=key)
    location = f"{base_path(request)}/drafts/{quote(name, safe='')}?done=drafted"
    return secure(RedirectResponse(location, status_code=303))


@router.post("/gaps/link")
async def gap_to_article(request: Request, post: CheckedPost) -> Response:
    """Record that the gap's question should have found this article."""
    key = post.form.get("key")
    target = (post.form.get("article") or "").strip()  # a path, or the page URL: kb reads either
    try:
        if not target:
            raise InputError("no article given", "paste its path or address, e.g. billing/export-invoices.md")
        linked = await run_in_threadpool(_gap_link, get_settings(request), key, target, acting_name(request))
    except KBError as exc:
        return await queue_page(request, status_for(exc), gap_error=str(exc), gap_key=key)
    location = f"{base_path(request)}?done=linked&item={quote(linked, safe='/')}"
    return secure(RedirectResponse(location, status_code=303))
