"""The agent API over published articles: read, edit live, history, diff, rollback (agent token).

The article is named by its docs path: ``/api/articles/billing/export-invoices.md``. Edits and
rollbacks take ``If-Match`` (the ETag of the version read), as drafts do.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from kb.errors import NotFoundError
from kb.review import LiveArticle, LiveEdit, diff_html, diff_lines, edit_live, list_versions, review_live, rollback_live
from kb.review import version_text as read_version
from search_api.auth import require_publisher, reviewer
from search_api.routes.agent_common import ERRORS, IfMatch, SettingsDep, agent_router

router = agent_router()
LIVE = "live"


class ArticleDetail(BaseModel):
    path: str
    url: str
    id: str | None
    title: str
    summary: str
    text: str
    problems: list[str] = Field(description="kb check problems, as path:line: problem — fix")
    etag: str = Field(description="this version's ETag; send it as If-Match when you edit or roll back")


class ArticleEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, max_length=200)
    summary: str | None = Field(None, max_length=400)
    body: str | None = Field(None, max_length=200_000, description="the Markdown after the H1")
    agent: str | None = Field(None, max_length=100, description="who made the change (recorded in the history)")


class RollbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: str = Field(min_length=1, max_length=100, description="a version id from the history")
    agent: str | None = Field(None, max_length=100)


class LiveEditResponse(BaseModel):
    path: str
    url: str
    etag: str
    changed: bool
    redirected: dict[str, str] = Field(description="removed sections' anchors and the anchor links to them now reach")
    warning: str = Field(description="why the history did not keep this version; empty when it did")


class VersionSummary(BaseModel):
    id: str
    when: datetime
    agent: str
    message: str


class DiffResponse(BaseModel):
    a: str
    b: str
    lines: list[tuple[str, str]] = Field(description="(kind, line): kind is add, del, hunk or same")
    html: str = Field(description="the same diff as escaped HTML")


def _detail(live: LiveArticle, response: Response) -> ArticleDetail:
    response.headers["ETag"] = live.etag
    article = live.article
    return ArticleDetail(
        path=live.path, url="/" + article.url, id=article.id, title=article.title, summary=article.summary,
        text=live.text, problems=[str(p) for p in live.problems], etag=live.etag,
    )  # fmt: skip


def _edited(result: LiveEdit, response: Response) -> LiveEditResponse:
    response.headers["ETag"] = result.etag
    return LiveEditResponse(
        path=result.path, url=result.url, etag=result.etag, changed=result.changed,
        redirected=dict(result.redirected), warning=result.warning,
    )  # fmt: skip


@router.get("/articles/{path:path}/history", response_model=list[VersionSummary], responses=ERRORS)
def get_history(path: str, settings: SettingsDep) -> list[VersionSummary]:
    """The article's versions, newest first: git commits, or the versions kb keeps in its data dir."""
    live = review_live(settings, path)
    return [VersionSummary(id=v.id, when=v.when, agent=v.agent, message=v.message)
            for v in list_versions(settings, live.path)]  # fmt: skip


@router.get("/articles/{path:path}/diff", response_model=DiffResponse, responses=ERRORS)
def get_diff(path: str, settings: SettingsDep, a: str, b: str = LIVE) -> DiffResponse:
    """The changes from version ``a`` to version ``b`` (``live``, the default: the article now)."""
    live = review_live(settings, path)

    def text(version: str) -> str:
        return live.text if version == LIVE else read_version(settings, live.path, version)

    old, new = text(a), text(b)
    return DiffResponse(a=a, b=b, lines=diff_lines(old, new), html=diff_html(old, new))


@router.post(
    "/articles/{path:path}/rollback",
    response_model=LiveEditResponse,
    responses=ERRORS,
    dependencies=[Depends(require_publisher)],
)
async def post_rollback(
    path: str,
    request: RollbackRequest,
    settings: SettingsDep,
    response: Response,
    http: Request,
    if_match: IfMatch = None,
) -> LiveEditResponse:
    """Make an old version live again, as a new version (409 on a stale If-Match; publishers only)."""
    agent = reviewer(http, request.agent)
    result = await run_in_threadpool(
        lambda: rollback_live(settings, path, request.version, agent=agent, expected=if_match)
    )
    return _edited(result, response)


@router.get("/articles/{path:path}", response_model=ArticleDetail, responses=ERRORS)
def get_article(path: str, settings: SettingsDep, response: Response) -> ArticleDetail:
    """A published article's text and kb check problems; its ETag header is the version to send back."""
    if not path.endswith(".md"):
        raise NotFoundError(f"no article at {path}", "name it by its docs path, e.g. billing/export-invoices.md")
    return _detail(review_live(settings, path), response)


@router.put(
    "/articles/{path:path}",
    response_model=LiveEditResponse,
    responses=ERRORS,
    dependencies=[Depends(require_publisher)],
)
async def put_article(
    path: str, edit: ArticleEdit, settings: SettingsDep, response: Response, http: Request, if_match: IfMatch = None
) -> LiveEditResponse:
    """Edit the live article's title, summary or body: checked as drafts are, anchors kept, live
    when this answers. 422 with the problems when it fails the checks; 409 on a stale If-Match."""
    result = await run_in_threadpool(
        lambda: edit_live(
            settings, path, agent=reviewer(http, edit.agent), title=edit.title, summary=edit.summary, body=edit.body,
            expected=if_match,
        )
    )  # fmt: skip
    return _edited(result, response)
