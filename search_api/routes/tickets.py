"""``POST /api/tickets``: the helpdesk webhook, one ticket per request, same rules as ``kb ingest``."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Request
from fastapi.concurrency import run_in_threadpool

from kb.drafting import ingest_payload
from kb.errors import InputError, KBError
from kb.insight.notify import events_from_ingest, notify
from search_api.auth import request_agent, require_webhook
from search_api.bodies import read_body
from search_api.deps import AppState, get_state
from search_api.models import ErrorResponse, TicketResult

router = APIRouter(tags=["tickets"])


@router.post(
    "/tickets",
    status_code=202,
    response_model=TicketResult,
    dependencies=[Depends(require_webhook)],
    responses={
        401: {"model": ErrorResponse},
        403: {"model": ErrorResponse},
        413: {"model": ErrorResponse},
        422: {"model": ErrorResponse},
    },
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}}},
)
async def post_ticket(
    request: Request, state: Annotated[AppState, Depends(get_state)], background: BackgroundTasks
) -> TicketResult:
    """Import one resolved ticket: drafted, merged into a waiting draft, proposed as an update, or skipped."""
    settings = state.settings
    body = await read_body(request, settings.max_body_bytes, "the ticket", "max_body_bytes")
    try:
        payload: Any = json.loads(body.decode("utf-8", errors="replace"))
    except json.JSONDecodeError as exc:
        raise InputError(
            f"the body is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            "send one ticket as a JSON object",
        ) from None
    if not isinstance(payload, dict):
        raise InputError("the body must be one ticket as a JSON object", 'send {"id": ..., "subject": ...}')
    try:
        index = state.open_index()
    except KBError:
        index = None  # no index yet: the ingest builds one for its duplicate check
    outcome = await run_in_threadpool(ingest_payload, settings, payload, index, request_agent(request).name)
    events = events_from_ingest(settings.docs_dir, [outcome])
    if events:  # after the answer: a slow or failing webhook never delays or fails the helpdesk's call
        background.add_task(notify, settings, events)
    return TicketResult(
        ticket_id=outcome.ticket_id,
        action=outcome.action,
        reason=outcome.reason,
        draft=outcome.draft or None,
        proposal_for=outcome.proposal_for or None,
    )
