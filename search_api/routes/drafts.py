"""The agent API over the review queue: list, read, edit, publish, reject, apply (agent token)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from kb.drafting import DraftInfo, list_drafts, save_draft
from kb.review import Review, apply_proposal, list_rejected, publish_draft, reject_draft, review_draft
from search_api.auth import request_agent, require_publisher, reviewer
from search_api.models import (
    AppliedResponse,
    DraftDetail,
    DraftEdit,
    DraftSummary,
    PublishRequest,
    PublishResponse,
    RejectRequest,
    RejectResponse,
)
from search_api.routes.agent_common import ERRORS, IfMatch, SettingsDep, agent_router

router = agent_router()


def _summary(item: DraftInfo) -> DraftSummary:
    return DraftSummary(
        id=item.name,
        status=item.status,
        title=item.title,
        provenance=list(item.provenance),
        created=item.created,
        age_days=item.age_days(),
        redaction=dict(item.redaction),
        proposal_for=item.proposal_for or None,
        category=item.category or None,
    )


def _detail(review: Review) -> DraftDetail:
    return DraftDetail(
        **_summary(review.draft).model_dump(),
        text=review.text,
        problems=[str(p) for p in review.problems],
        personal_data=list(review.personal_data),
        publishable=review.publishable,
        etag=review.etag,
    )


def _tagged(review: Review, response: Response) -> DraftDetail:
    response.headers["ETag"] = review.etag
    return _detail(review)


@router.get("/drafts", response_model=list[DraftSummary])
def get_drafts(
    settings: SettingsDep,
    response: Response,
    request: Request,
    state: Annotated[Literal["queue", "rejected"], Query()] = "queue",
    limit: Annotated[int | None, Query(ge=1, le=1000, description="at most this many (default: all)")] = None,
    offset: Annotated[int, Query(ge=0, description="skip this many first")] = 0,
) -> list[DraftSummary]:
    """Drafts and update proposals waiting for review, oldest first (or the rejected ones).

    Page with ``limit`` and ``offset``: the ``X-Total-Count`` header says how many there are, and
    a ``Link`` header gives the next and previous pages (``rel="next"``, ``rel="prev"``)."""
    items = list_drafts(settings.docs_dir) if state == "queue" else list_rejected(settings.docs_dir)
    total = len(items)
    page = items[offset : offset + limit] if limit is not None else items[offset:]
    response.headers["X-Total-Count"] = str(total)
    if limit is not None:
        links = []
        if offset + limit < total:
            links.append(f'<{request.url.include_query_params(offset=offset + limit)}>; rel="next"')
        if offset > 0:
            links.append(f'<{request.url.include_query_params(offset=max(0, offset - limit))}>; rel="prev"')
        if links:
            response.headers["Link"] = ", ".join(links)
    return [_summary(item) for item in page]


@router.get("/drafts/{draft_id}", response_model=DraftDetail, responses=ERRORS)
def get_draft(draft_id: str, settings: SettingsDep, response: Response) -> DraftDetail:
    """One draft with its text, its kb check problems and any personal data left in it; its ETag
    header (and ``etag``) is the version to send back as If-Match."""
    return _tagged(review_draft(settings, draft_id), response)


@router.put("/drafts/{draft_id}", response_model=DraftDetail, responses=ERRORS)
def put_draft(
    draft_id: str, edit: DraftEdit, settings: SettingsDep, response: Response, http: Request, if_match: IfMatch = None
) -> DraftDetail:
    """Edit the title, summary or body (the Markdown after the H1); other fields are kept.

    With If-Match, a draft that changed since that version is refused with 409."""
    save_draft(
        settings, draft_id, title=edit.title, summary=edit.summary, body=edit.body, expected=if_match,
        agent=request_agent(http).name,
    )  # fmt: skip
    return _tagged(review_draft(settings, draft_id), response)


@router.post(
    "/drafts/{draft_id}/publish",
    response_model=PublishResponse,
    responses=ERRORS,
    dependencies=[Depends(require_publisher)],
)
async def post_publish(
    draft_id: str, request: PublishRequest, settings: SettingsDep, http: Request, if_match: IfMatch = None
) -> PublishResponse:
    """Publish: 422 with the problems when it fails the checks, 409 when it clashes with the docs
    or, with If-Match, when the draft changed since that version."""
    result = await run_in_threadpool(
        publish_draft,
        settings,
        draft_id,
        category=request.category,
        reviewed_by=reviewer(http, request.reviewed_by),
        as_new=request.as_new,
        expected=if_match,
    )
    return PublishResponse(path=result.path, url=result.url, id=result.id, short_url=result.short_url)


@router.post(
    "/drafts/{draft_id}/reject",
    response_model=RejectResponse,
    responses=ERRORS,
    dependencies=[Depends(require_publisher)],
)
async def post_reject(
    draft_id: str, request: RejectRequest, settings: SettingsDep, http: Request, if_match: IfMatch = None
) -> RejectResponse:
    """Take the draft out of the queue with a reason; it is kept, not deleted (409 on a stale If-Match)."""
    by = reviewer(http, request.reviewed_by)
    kept = await run_in_threadpool(reject_draft, settings, draft_id, request.reason, by, None, if_match)
    return RejectResponse(id=draft_id, kept_as=kept.relative_to(settings.docs_dir).as_posix())


@router.post(
    "/drafts/{draft_id}/apply",
    response_model=AppliedResponse,
    responses=ERRORS,
    dependencies=[Depends(require_publisher)],
)
async def post_apply(draft_id: str, settings: SettingsDep, http: Request, if_match: IfMatch = None) -> AppliedResponse:
    """Merge an update proposal into the section it targets (its anchor stays; 409 on a stale If-Match)."""
    path = await run_in_threadpool(apply_proposal, settings, draft_id, reviewer(http, None), None, if_match)
    return AppliedResponse(id=draft_id, path=path)
