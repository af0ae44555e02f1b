"""``POST /api/feedback``: "Was this helpful?" votes, rate-limited per client, stored redacted."""

from __future__ import annotations

import threading
from contextlib import closing
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from kb.config import Settings
from kb.errors import InputError
from kb.insight import Vote, record_vote, validate_vote
from kb.store import connect
from search_api.bodies import read_body
from search_api.clients import client_address
from search_api.deps import get_settings
from search_api.limits import RateLimiter
from search_api.models import ErrorResponse, FeedbackAccepted, FeedbackRequest

router = APIRouter(tags=["feedback"])

MAX_FEEDBACK_BYTES = 16 * 1024
_limiter_lock = threading.Lock()


def get_rate_limiter(request: Request) -> RateLimiter:
    """The app's feedback rate limiter, made on first use (tests can set ``app.state.kb_feedback_limiter``)."""
    state = request.app.state
    limiter: RateLimiter | None = getattr(state, "kb_feedback_limiter", None)
    if limiter is None:
        with _limiter_lock:
            limiter = getattr(state, "kb_feedback_limiter", None)
            if limiter is None:
                limiter = RateLimiter.shared(get_settings(request).database, "feedback")
                state.kb_feedback_limiter = limiter
    return limiter


def _store(settings: Settings, vote: Vote) -> None:
    with closing(connect(settings.database)) as db:
        record_vote(db, vote, patterns=settings.redact_patterns, region=settings.redaction_regions)


@router.post(
    "/feedback",
    status_code=202,
    response_model=FeedbackAccepted,
    responses={
        413: {"model": ErrorResponse},
        422: {"model": ErrorResponse},
        429: {"model": ErrorResponse},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": FeedbackRequest.model_json_schema()}},
        }
    },
)
async def post_feedback(
    request: Request,
    settings: Annotated[Settings, Depends(get_settings)],
    limiter: Annotated[RateLimiter, Depends(get_rate_limiter)],
) -> FeedbackAccepted:
    """Record a vote (``page``, or ``query`` with ``answer_url``), with an optional comment."""
    client = client_address(request)
    if not limiter.allow(client):
        raise HTTPException(
            429,
            "too much feedback from your address in a short time: wait a few minutes and send it again",
            headers={"Retry-After": str(limiter.retry_after(client))},
        )
    # JSON only: a cross-site form cannot send it without a CORS preflight, which kb never grants.
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise InputError("the feedback must be sent as JSON", "set Content-Type: application/json")
    body = await read_body(request, MAX_FEEDBACK_BYTES, "feedback")
    try:
        sent = FeedbackRequest.model_validate_json(body)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from None
    vote = validate_vote(
        helpful=sent.helpful,
        page=sent.page,
        query=sent.query,
        answer_url=sent.answer_url,
        comment=sent.comment,
        vote_id=sent.vote_id,
        max_query_chars=settings.max_query_chars,
        docs_dir=settings.docs_dir if settings.docs_dir.is_dir() else None,
    )
    await run_in_threadpool(_store, settings, vote)
    return FeedbackAccepted(status="accepted")
