"""Published articles in the agent UI: edit one live, read its history, compare versions, roll back.

The editor is the drafts' editor (the same fields, live preview, checks and stale-edit
protection); saving makes the change live. The address of an article here is its docs path:
``/agent/articles/billing/export-invoices.md`` (``/history``, ``/diff?a=&b=``, ``/rollback``).
"""

from __future__ import annotations

from functools import partial
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from markupsafe import Markup
from starlette.responses import Response

from kb.config import Settings
from kb.errors import InputError, KBError, NotFoundError, StaleEditError
from kb.review import (
    LiveArticle,
    LiveEdit,
    diff_html,
    edit_live,
    history_kind,
    list_versions,
    review_live,
    rollback_live,
    version_text,
)
from search_api.agent.editor import Fields, editable_fields
from search_api.agent.identity import CheckedPost, SignedIn, acting_name, require_role
from search_api.agent.preview import preview_html
from search_api.agent.web import AgentRoute, Form, base_path, render, secure
from search_api.deps import get_settings
from search_api.errors import status_for

__all__ = ["LIVE", "router"]

router = APIRouter(route_class=AgentRoute)
#: the version id that means "the article as it is live now"
LIVE = "live"


def _address(request: Request, rel: str, tail: str = "") -> str:
    return f"{base_path(request)}/articles/{quote(rel, safe='/')}{tail}"


def _agent(request: Request, form: Form) -> str:
    """Who made the change: the signed-in agent (the name typed, with the shared agent token)."""
    return acting_name(request, form.get("reviewed_by"))


@router.get("/articles")
async def open_article(request: Request, _session: SignedIn, path: str = "") -> Response:
    """The queue's "Edit a published article" box: a docs path or the page's address."""
    if not path.strip():
        raise InputError("no article given", "paste its address, e.g. https://help.example.com/billing/export/")
    live: LiveArticle = await run_in_threadpool(review_live, get_settings(request), path)
    return secure(RedirectResponse(_address(request, live.path), status_code=303))


async def article_page(
    request: Request, path: str, *, status: int = 200, error: str = "", notice: str = "",
    form: Form | None = None, stale: bool = False,
) -> Response:  # fmt: skip
    """The editor for the live article ``path``; with ``form``, what the agent typed is kept."""
    settings: Settings = get_settings(request)
    live: LiveArticle = await run_in_threadpool(review_live, settings, path)
    saved = editable_fields(settings.docs_dir / live.path, live.text)
    shown = Fields.from_form(form, saved) if form else saved
    preview = await run_in_threadpool(preview_html, settings, shown.title, shown.summary, shown.body)
    context: dict[str, Any] = {
        "page_title": f"Edit live: {shown.title}",
        "live": live,
        "fields": shown,
        "preview": Markup(preview),  # already sanitised by sanitize_html
        "etag": live.etag,
        "saved_body": saved.body if stale else "",
        "reviewed_by": form.get("reviewed_by") if form else "",
        "url": settings.site_url.rstrip("/") + "/" + live.article.url,
        "error": error,
        "notice": notice,
        "action": _address(request, live.path),
    }
    return render(request, "article.html", context, status)


def _saved_notice(done: str, took: str) -> str:
    seconds = took if took.replace(".", "", 1).isdigit() else ""
    if done == "saved":
        return f"Saved. The change is live{f' (took {seconds} s)' if seconds else ''}."
    if done == "unchanged":
        return "Nothing changed, so nothing was saved."
    return ""


@router.get("/articles/{path:path}/history")
async def history(request: Request, path: str, _session: SignedIn, done: str = "", took: str = "") -> Response:
    settings: Settings = get_settings(request)
    live: LiveArticle = await run_in_threadpool(review_live, settings, path)
    versions = await run_in_threadpool(list_versions, settings, live.path)
    notice = "Rolled back. The old version is live again, as a new version." if done == "rolledback" else ""
    context = {
        "page_title": f"History: {live.article.title}",
        "live": live,
        "versions": versions,
        "kind": await run_in_threadpool(history_kind, settings),
        "etag": live.etag,
        "notice": notice,
        "article": _address(request, live.path),
    }
    return render(request, "history.html", context)


def _texts(settings: Settings, path: str, a: str, b: str) -> tuple[LiveArticle, str, str]:
    live = review_live(settings, path)

    def text(version: str) -> str:
        return live.text if version == LIVE else version_text(settings, live.path, version)

    return live, text(a), text(b)


@router.get("/articles/{path:path}/diff")
async def diff(request: Request, path: str, _session: SignedIn, a: str = "", b: str = LIVE) -> Response:
    """The changes from version ``a`` to version ``b`` (``live``: the article as it is now)."""
    if not a:
        raise NotFoundError("choose the version to compare", "pick two versions on the history page")
    settings: Settings = get_settings(request)
    live, old, new = await run_in_threadpool(_texts, settings, path, a, b)
    context = {
        "page_title": f"Changes: {live.article.title}",
        "live": live,
        "a": a,
        "b": b,
        "diff": Markup(diff_html(old, new)),  # every line escaped by diff_html
        "article": _address(request, live.path),
        "etag": live.etag,
    }
    return render(request, "diff.html", context)


@router.post("/articles/{path:path}/rollback")
async def rollback(request: Request, path: str, post: CheckedPost) -> Response:
    require_role(request, "publisher", "roll back live articles")
    settings: Settings = get_settings(request)
    version = post.form.get("version")
    expected = post.form.get("etag").strip() or None
    try:
        done: LiveEdit = await run_in_threadpool(
            partial(rollback_live, settings, path, version, agent=_agent(request, post.form), expected=expected)
        )
    except StaleEditError as exc:
        raise StaleEditError(
            "Someone changed this article since you opened its history, so nothing was rolled back",
            "reload the history and choose again",
        ) from exc
    return secure(RedirectResponse(_address(request, done.path, "/history?done=rolledback"), status_code=303))


@router.get("/articles/{path:path}")
async def edit(request: Request, path: str, _session: SignedIn, done: str = "", took: str = "") -> Response:
    if not path.endswith(".md"):
        raise NotFoundError(f"There is no agent page at /agent/articles/{path}.", "open an article from the queue")
    return await article_page(request, path, notice=_saved_notice(done, took))


@router.post("/articles/{path:path}")
async def save(request: Request, path: str, post: CheckedPost) -> Response:
    """Save the edit; it is live when this answers. Refusals are shown on the editor, text kept."""
    require_role(request, "publisher", "edit live articles")
    settings: Settings = get_settings(request)
    form = post.form
    try:
        live: LiveArticle = await run_in_threadpool(review_live, settings, path)
        current = editable_fields(settings.docs_dir / live.path, live.text)
        wanted = Fields.from_form(form, current)
        done: LiveEdit = await run_in_threadpool(
            partial(
                edit_live, settings, live.path, agent=_agent(request, form), title=wanted.title, summary=wanted.summary,
                body=wanted.body, expected=form.get("etag").strip() or None,
            )
        )  # fmt: skip
    except KBError as exc:
        if isinstance(exc, NotFoundError):
            raise
        stale = isinstance(exc, StaleEditError)
        message = (
            "Someone changed this article since you opened it. Its saved body is shown below your text: "
            "merge what you need, then save again to replace it."
            if stale
            else str(exc)
        )
        return await article_page(request, path, status=status_for(exc), error=message, form=form, stale=stale)
    tail = f"?done=saved&took={done.seconds:.1f}" if done.changed else "?done=unchanged"
    return secure(RedirectResponse(_address(request, done.path, tail), status_code=303))
