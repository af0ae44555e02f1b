"""The editor: one draft's title, summary and body with a live preview; Save, Publish, Reject, Apply.

Publish and Apply save the edits in the form first, so nothing typed is lost. Refusals (failed
checks, personal data, a clash with the docs) are shown on the editor, above the form.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup
from starlette.responses import Response

from kb.config import Settings
from kb.content import category_folders, split_front_matter
from kb.drafting import Conversation, conversations, read_draft_meta, save_draft
from kb.errors import KBError, NotFoundError, StaleEditError
from kb.review import Published, Review, apply_proposal, publish_draft, reject_draft, review_draft
from search_api.agent.identity import CheckedPost, SignedIn, acting_name, require_role
from search_api.agent.preview import preview_html
from search_api.agent.web import AgentRoute, Form, base_path, render, secure
from search_api.deps import get_settings
from search_api.errors import status_for

__all__ = ["Fields", "editable_fields", "router"]

router = APIRouter(route_class=AgentRoute)
_NOTICES = {"saved": "Saved.", "drafted": "Made a draft from the content gap. Fill it in, then publish it."}


@dataclass(frozen=True)
class Fields:
    """What the editor edits: the draft's title, summary and body (the Markdown after the H1)."""

    title: str
    summary: str
    body: str

    @classmethod
    def from_form(cls, form: Form, current: Fields) -> Fields:
        return cls(
            form.get("title", current.title),
            form.get("summary", current.summary),
            form.get("body", current.body).replace("\r\n", "\n"),
        )

    def differs(self, other: Fields) -> bool:
        def norm(f: Fields) -> tuple[str, str, str]:
            return " ".join(f.title.split()), " ".join(f.summary.split()), f.body.replace("\r\n", "\n").strip("\n")

        return norm(self) != norm(other)


def editable_fields(path: Path, text: str) -> Fields:
    meta = read_draft_meta(path)
    _front, body, _line = split_front_matter(text)
    lines = body.split("\n")
    h1 = next((i for i, line in enumerate(lines) if line.startswith("# ")), None)
    rest = "\n".join(lines[h1 + 1 :]) if h1 is not None else body
    return Fields(str(meta.get("title", "")), str(meta.get("summary", "") or ""), rest.strip("\n") + "\n")


def _load(settings: Settings, name: str) -> tuple[Review, Fields, list[str], list[Conversation]]:
    review = review_draft(settings, name)
    sources = conversations(settings.database, review.draft.provenance)
    return review, editable_fields(review.draft.path, review.text), category_folders(settings.docs_dir), sources


async def editor_page(
    request: Request,
    name: str,
    *,
    status: int = 200,
    error: str = "",
    notice: str = "",
    form: Form | None = None,
    reject_open: bool = False,
    stale: bool = False,
) -> Response:
    """The editor for ``name``; with ``form``, what the agent typed replaces the saved text.

    ``stale``: the agent's edit was made from an older version; the page shows the current saved
    body beside their text and carries the current version, so saving again replaces it on purpose."""
    settings: Settings = get_settings(request)
    review, saved, options, sources = await run_in_threadpool(_load, settings, name)
    shown = Fields.from_form(form, saved) if form else saved
    preview = await run_in_threadpool(preview_html, settings, shown.title, shown.summary, shown.body)
    draft = review.draft
    wanted = (form.get("category") if form else "") or draft.category
    context: dict[str, Any] = {
        "page_title": f"Edit: {shown.title}",
        "draft": draft,
        "review": review,
        "fields": shown,
        "preview": Markup(preview),  # already sanitised by sanitize_html
        "categories": options,
        "conversations": sources,
        "category": wanted if wanted in options else "",
        "reviewed_by": form.get("reviewed_by") if form else "",
        "reason": form.get("reason") if form else "",
        "reject_open": reject_open,
        "etag": review.etag,
        "saved_body": saved.body if stale else "",
        "error": error,
        "notice": notice,
        "action": f"{base_path(request)}/drafts/{quote(draft.name, safe='')}",
    }
    return render(request, "editor.html", context, status)


@router.get("/drafts/{name}")
async def edit(request: Request, name: str, _session: SignedIn, done: str = "") -> Response:
    return await editor_page(request, name, notice=_NOTICES.get(done, ""))


def _version(form: Form) -> str | None:
    """The version the agent's page was made from (none from a page without it: any version)."""
    return form.get("etag").strip() or None


def _save_if_changed(settings: Settings, name: str, form: Form, agent: str) -> tuple[Fields, str | None]:
    """Save what the agent typed when it differs; returns it and the version it now is."""
    review = review_draft(settings, name)
    current = editable_fields(review.draft.path, review.text)
    wanted = Fields.from_form(form, current)
    expected = _version(form)
    if wanted.differs(current):
        expected = save_draft(
            settings, name, title=wanted.title, summary=wanted.summary, body=wanted.body, expected=expected, agent=agent
        )
    return wanted, expected


def _by(request: Request, form: Form) -> str:
    return acting_name(request, form.get("reviewed_by"))


async def _refused(request: Request, name: str, exc: KBError, form: Form, reject_open: bool = False) -> Response:
    """The editor again, with why the action was refused and what the agent typed."""
    if isinstance(exc, NotFoundError):
        raise exc
    stale = isinstance(exc, StaleEditError)
    message = (
        "Someone changed this draft since you opened it (another agent, or a new ticket's steps). "
        "Its saved body is shown below your text: merge what you need, then save again to replace it."
        if stale
        else str(exc)
    )
    return await editor_page(
        request, name, status=status_for(exc), error=message, form=form, reject_open=reject_open, stale=stale
    )


async def _saved_or_page(request: Request, name: str, form: Form) -> tuple[Fields, str | None] | Response:
    """Save the form's edits; on a refusal, the editor with the message (and the typed text kept)."""
    try:
        return await run_in_threadpool(_save_if_changed, get_settings(request), name, form, _by(request, form))
    except KBError as exc:
        return await _refused(request, name, exc, form)


@router.post("/drafts/{name}")
async def save(request: Request, name: str, post: CheckedPost) -> Response:
    saved = await _saved_or_page(request, name, post.form)
    if isinstance(saved, Response):
        return saved
    location = f"{base_path(request)}/drafts/{quote(name, safe='')}?done=saved"
    return secure(RedirectResponse(location, status_code=303))


@router.post("/drafts/{name}/publish")
async def publish(request: Request, name: str, post: CheckedPost) -> Response:
    require_role(request, "publisher", "publish")
    settings: Settings = get_settings(request)
    saved = await _saved_or_page(request, name, post.form)
    if isinstance(saved, Response):
        return saved
    fields, version = saved
    category = post.form.get("category").strip() or None
    try:
        result: Published = await run_in_threadpool(
            partial(
                publish_draft, settings, name, category=category, reviewed_by=_by(request, post.form), expected=version
            )
        )
    except KBError as exc:
        return await _refused(request, name, exc, post.form)
    site = settings.site_url.rstrip("/")
    context = {
        "page_title": f"Published: {fields.title}",
        "title": " ".join(fields.title.split()),
        "result": result,
        "url": site + result.url,
        "short_url": site + result.short_url if result.short_url else "",
    }
    return render(request, "published.html", context)


@router.post("/drafts/{name}/reject")
async def reject(request: Request, name: str, post: CheckedPost) -> Response:
    require_role(request, "publisher", "reject drafts")
    reason = post.form.get("reason")
    settings = get_settings(request)
    try:
        await run_in_threadpool(
            reject_draft, settings, name, reason, _by(request, post.form), None, _version(post.form)
        )
    except KBError as exc:
        return await _refused(request, name, exc, post.form, reject_open=True)
    location = f"{base_path(request)}?done=rejected&item={quote(name, safe='')}"
    return secure(RedirectResponse(location, status_code=303))


@router.post("/drafts/{name}/apply")
async def apply(request: Request, name: str, post: CheckedPost) -> Response:
    require_role(request, "publisher", "apply update proposals")
    saved = await _saved_or_page(request, name, post.form)
    if isinstance(saved, Response):
        return saved
    try:
        path = await run_in_threadpool(
            apply_proposal, get_settings(request), name, _by(request, post.form), None, saved[1]
        )
    except KBError as exc:
        return await _refused(request, name, exc, post.form)
    location = f"{base_path(request)}?done=applied&item={quote(path, safe='/')}"
    return secure(RedirectResponse(location, status_code=303))


@router.post("/preview")
async def preview(request: Request, post: CheckedPost) -> Response:
    """The preview pane's HTML for what is in the editor (sanitised; the script inserts it as is)."""
    form = post.form
    try:
        fields = (form.get("title"), form.get("summary"), form.get("body"))
        html = await run_in_threadpool(preview_html, get_settings(request), *fields)
    except KBError as exc:
        html = f'<p class="kb-agent-error">{Markup.escape(str(exc))}</p>'
        return secure(HTMLResponse(html, status_code=422))
    return secure(HTMLResponse(html))
