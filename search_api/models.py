"""Response models of the public API: these shapes are a contract other tools rely on."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    articles: int
    sections: int


class SearchResult(BaseModel):
    title: str
    heading: str = Field(description='The section heading; "" for the article lead (title + summary).')
    path: str = Field(description="The article's path relative to the docs dir.")
    url: str = Field(description="The page URL with #anchor.")
    snippet: str = Field(description="HTML: the text is escaped, matched words are wrapped in <mark>.")
    score: float


class SearchResponse(BaseModel):
    query: str
    results: list[SearchResult]
    suggestion: str | None = Field(description='"Did you mean" text when words were misspelled.')


class Source(BaseModel):
    title: str
    heading: str
    path: str
    url: str = Field(description="Deep link to the section with a text fragment highlighting the answer.")


class AnswerResponse(BaseModel):
    query: str
    answer: str | None = Field(description="One sentence from the docs, or null when kb has no confident answer.")
    confidence: float = Field(ge=0.0, le=1.0)
    source: Source | None
    results: list[SearchResult]


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody


class TicketResult(BaseModel):
    """What the webhook did with the ticket."""

    ticket_id: str
    action: str = Field(description="drafted, merged (into a waiting draft), proposal, or skipped")
    reason: str
    draft: str | None = Field(None, description="the draft's path relative to the docs dir")
    proposal_for: str | None = Field(None, description="for a proposal: the article section it would update")
