"""Response models of the public API: these shapes are a contract other tools rely on."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, StrictBool


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


class SuggestionItem(BaseModel):
    title: str = Field(description="The article's title.")
    heading: str = Field(description='The section\'s heading, or "" for the article itself.')
    url: str = Field(description="The article, or the section (with its #anchor).")


class SuggestResponse(BaseModel):
    query: str
    suggestions: list[SuggestionItem]


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
    suggestion: str | None = Field(
        default=None, description='"Did you mean": the question with its misspelt words corrected, or null.'
    )


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


class FeedbackRequest(BaseModel):
    """A "Was this helpful?" vote: about an article page, or about an Ask-box answer."""

    model_config = ConfigDict(extra="forbid")

    page: str | None = Field(
        None, description="The article's path in the docs, e.g. billing/export.md (a vote at the end of an article)."
    )
    query: str | None = Field(None, description="The question asked in the Ask box (a vote under an answer).")
    answer_url: str | None = Field(None, description="The answer's source URL, sent with 'query'.")
    helpful: StrictBool
    comment: str | None = Field(None, description="What was missing or wrong; redacted before it is stored.")
    vote_id: str | None = Field(
        None,
        description="A random id (16-64 letters, digits, - or _) the page makes up per vote: "
        "sending the comment later with the same id updates the vote instead of adding one.",
    )


class FeedbackAccepted(BaseModel):
    status: str = Field(examples=["accepted"])


class DraftSummary(BaseModel):
    """A draft or update proposal in the review queue; ``id`` is its name in ``docs/_drafts/``."""

    id: str
    status: str
    title: str
    provenance: list[str]
    created: date | None
    age_days: int | None
    redaction: dict[str, int]
    proposal_for: str | None
    category: str | None


class DraftDetail(DraftSummary):
    text: str
    problems: list[str] = Field(description="kb check problems, as path:line: problem — fix")
    personal_data: list[str] = Field(description="personal data still in the draft: line and kind, never the value")
    publishable: bool
    etag: str = Field(description="this version's ETag; send it as If-Match when you edit, publish or reject")


class DraftEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, max_length=200)
    summary: str | None = Field(None, max_length=400)
    body: str | None = Field(None, max_length=200_000, description="the Markdown after the H1")


class PublishRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    category: str | None = Field(None, max_length=100)
    reviewed_by: str | None = Field(None, max_length=100)
    as_new: bool = Field(False, description="publish an update proposal as an article of its own")


class PublishResponse(BaseModel):
    path: str
    url: str
    id: str
    short_url: str


class RejectRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=1000)
    reviewed_by: str | None = Field(None, max_length=100)


class RejectResponse(BaseModel):
    id: str
    kept_as: str


class AppliedResponse(BaseModel):
    id: str
    path: str
