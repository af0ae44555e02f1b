"""``/api/search`` and ``/api/answer``: ranked sections, and one sentence with its source."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from kb.answers import Answer, answer_question, read_message
from kb.config import Settings
from kb.errors import InputError
from kb.index import Hit, SectionIndex
from kb.insight import LogEntry, SearchLog
from search_api.clients import client_address
from search_api.deps import AppState, get_index, get_search_log, get_settings, get_state
from search_api.models import (
    AnswerResponse,
    ErrorResponse,
    SearchResponse,
    SearchResult,
    Source,
    SuggestionItem,
    SuggestResponse,
)

router = APIRouter(tags=["search"])
_ANSWER_CACHE = 4096

_ERRORS: dict[int | str, dict[str, object]] = {
    422: {"model": ErrorResponse},
    429: {"model": ErrorResponse},
    503: {"model": ErrorResponse},
}
QueryText = Annotated[str, Query(description="The question or keywords, as the customer typed them.")]


def _allowed(request: Request, state: AppState) -> None:
    """429 for a client address past ``queries_per_minute`` (in this worker)."""
    limiter = state.query_limiter
    if limiter is None:
        return
    client = client_address(request)
    if not limiter.allow(client):
        raise HTTPException(
            429,
            "too many questions from your address in a short time: wait a moment and ask again",
            headers={"Retry-After": str(limiter.retry_after(client))},
        )


def _checked(q: str, settings: Settings) -> str:
    text = q.strip()
    if not text:
        raise InputError("the query 'q' is empty", "type a question or a few keywords")
    if len(text) > settings.max_query_chars:
        raise InputError(
            f"the query 'q' is {len(text)} characters long, more than {settings.max_query_chars}",
            "shorten the question",
        )
    return text


def _url(settings: Settings, relative: str) -> str:
    return settings.site_url.rstrip("/") + "/" + relative


def _result(settings: Settings, hit: Hit) -> SearchResult:
    return SearchResult(
        title=hit.title,
        heading=hit.heading,
        path=hit.path,
        url=_url(settings, hit.url),
        snippet=hit.snippet,
        score=hit.score,
    )


def _record(
    search_log: SearchLog,
    kind: str,
    text: str,
    hits: Sequence[Hit],
    confidence: float | None,
    answered: bool,
    start: float,
) -> None:
    """Queue one search-log entry (written in the background, PII masked)."""
    top = hits[0] if hits else None
    latency = (time.perf_counter() - start) * 1000
    search_log.record(
        LogEntry(
            kind, text, top.path if top else None, top.url if top else None, len(hits), confidence, answered, latency
        )
    )


@router.get("/search", response_model=SearchResponse, responses=_ERRORS)
async def search(
    q: QueryText,
    request: Request,
    index: Annotated[SectionIndex, Depends(get_index)],
    settings: Annotated[Settings, Depends(get_settings)],
    search_log: Annotated[SearchLog, Depends(get_search_log)],
    limit: Annotated[int, Query(ge=1, le=50, description="How many results, 1 to 50.")] = 10,
) -> SearchResponse:
    """Sections ranked for the query, with snippets and a "did you mean" suggestion."""
    start = time.perf_counter()
    _allowed(request, get_state(request))
    text = _checked(q, settings)
    # Off the event loop: a search in progress must not hold up health checks, pages or cached answers.
    results = await get_state(request).run_search(read_message, index, text, limit)
    _record(search_log, "search", text, results.hits, None, bool(results.hits), start)
    return SearchResponse(
        query=text, results=[_result(settings, h) for h in results.hits], suggestion=results.suggestion
    )


@router.get("/suggest", response_model=SuggestResponse, responses=_ERRORS)
async def suggest(
    q: Annotated[str, Query(description="What the customer has typed so far; the last word is a prefix.")],
    index: Annotated[SectionIndex, Depends(get_index)],
    settings: Annotated[Settings, Depends(get_settings)],
    limit: Annotated[int, Query(ge=1, le=10, description="How many suggestions, 1 to 10.")] = 8,
) -> SuggestResponse:
    """Article titles and section headings matching the words typed so far (search as you type).

    Not logged and not counted against the question limit: it runs on every keystroke."""
    if len(q) > settings.max_query_chars:
        raise InputError(
            f"the query 'q' is {len(q)} characters long, more than {settings.max_query_chars}", "shorten it"
        )
    found = await run_in_threadpool(index.suggest, q, limit)  # the first call of a generation builds the table
    return SuggestResponse(
        query=q,
        suggestions=[
            SuggestionItem(title=item.title, heading=item.heading, url=_url(settings, item.url.lstrip("/")))
            for item in found
        ],
    )


@router.get("/answer", response_model=AnswerResponse, responses=_ERRORS)
async def answer(q: QueryText, request: Request) -> Response:
    """One sentence from the docs that answers the question, with a deep link; or null."""
    # The hot endpoint reads the app state directly: per-request dependency resolution cost
    # more than the cached answer itself.
    start = time.perf_counter()
    state = get_state(request)
    _allowed(request, state)
    settings = state.settings
    text = _checked(q, settings)
    index = state.open_index()
    key = (index.generation, text)
    cached = state.answers.get(key)
    if cached is None:
        # Serialised once per question and index generation: repeated questions skip the
        # ranking and the response model alike.
        # Ranked off the event loop; the cache itself is only touched on it.
        cached = await state.run_search(_answer, index, settings, text)
        state.answers[key] = cached
        if len(state.answers) > _ANSWER_CACHE:
            state.answers.popitem(last=False)
    found, body = cached
    _record(state.search_log, "answer", text, found.results, found.confidence, found.answer is not None, start)
    return Response(body, media_type="application/json")


def _answer(index: SectionIndex, settings: Settings, text: str) -> tuple[Answer, bytes]:
    """The answer and its response body: ranking, choosing the sentence and serialising all run
    in one trip off the event loop."""
    found = answer_question(index, text, settings.answer_threshold)
    return found, _answer_body(settings, text, found)


def _answer_body(settings: Settings, text: str, found: Answer) -> bytes:
    source = None
    if found.source is not None and found.source_url is not None:
        hit = found.source
        source = Source(title=hit.title, heading=hit.heading, path=hit.path, url=_url(settings, found.source_url))
    response = AnswerResponse(
        query=text,
        answer=found.answer,
        confidence=found.confidence,
        source=source,
        results=[_result(settings, h) for h in found.results],
        suggestion=found.suggestion,
    )
    return response.model_dump_json().encode("utf-8")
