"""From ranked sections to one sentence, a confidence, and an honest no-answer.

The answer is always a sentence the docs already contain: the article summary when the best
hit is an article's lead, else the sentence of the best section that covers the question's
concepts best (the first sentence wins ties: quick-guide sections open with the answer).
Confidence is the probability that the best section answers the question
(:mod:`kb.answers.confidence`); below the threshold kb answers ``None`` and shows the closest
articles instead. ``match``, the share of the question's information the section and sentence
hold, is kept for the duplicate check ("is this ticket already documented?"), which asks
"does this section say all of it?" rather than "is this the right place?".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

from kb.answers.confidence import probability
from kb.answers.coverage import concept_coverage, text_stems
from kb.index import Concept, Hit, SearchResults
from kb.text import paragraphs, split_sentences

__all__ = [
    "FIRST_SENTENCE_BONUS",
    "Answer",
    "answer_from_results",
    "best_sentence",
    "concept_coverage",
    "confidence_of",
    "coverage_match",
    "next_step",
    "text_fragment_url",
]

_MAX_SENTENCE_CHARS = 320
_MAX_CONTINUED_CHARS = 480  # an announcing sentence and its first step
FIRST_SENTENCE_BONUS = 0.15  # chosen on five help centres: python bench/sentences.py
_FRAGMENT_WORDS = 5


@dataclass(frozen=True)
class Answer:
    query: str
    answer: str | None
    confidence: float
    source: Hit | None
    source_url: str | None
    results: tuple[Hit, ...]
    suggestion: str | None
    match: float = 0.0


def _body_sentences(hit: Hit) -> list[str]:
    """The sentences of the section's text in order; list items count as sentences."""
    return [s for paragraph in paragraphs(hit.body) for s in split_sentences(paragraph)]


def _candidates(hit: Hit) -> list[str]:
    """The sentences an answer may be: for a lead, the summary first."""
    sentences = ([hit.summary] if hit.kind == "lead" and hit.summary else []) + _body_sentences(hit)
    return [s for s in sentences if len(s) <= _MAX_SENTENCE_CHARS and len(s.split()) >= 3]


def best_sentence(
    hit: Hit, concepts: Sequence[Concept], first_bonus: float = FIRST_SENTENCE_BONUS
) -> tuple[str, float]:
    """The sentence of ``hit`` that answers best, and the share of concepts it covers: the one
    holding most of the question's concepts (weighted by rarity), the first sentence counting
    ``first_bonus`` more."""
    best, best_score, best_cover = "", -1.0, 0.0
    for position, sentence in enumerate(_candidates(hit)):
        cover = concept_coverage(text_stems(sentence), concepts)
        score = cover + (first_bonus if position == 0 else 0.0)
        if score > best_score:
            best, best_score, best_cover = sentence, score, cover
    return best, best_cover


def next_step(hit: Hit, sentence: str) -> str:
    """What an answer goes on with: a sentence ending in a colon only announces what follows
    ("try these steps in order:"), so the next sentence of the section's text, the first step;
    "" for any other sentence, or when what follows is no sentence (a table row, an image's
    text) or the two would be too long together."""
    if not sentence.endswith(":"):
        return ""
    body = _body_sentences(hit)
    if sentence not in body:  # a lead's own summary: what follows it in the body is not its steps
        return ""
    following = [s for s in body[body.index(sentence) + 1 :] if s != sentence]
    if not following or len(following[0].split()) < 3 or len(sentence) + len(following[0]) >= _MAX_CONTINUED_CHARS:
        return ""
    return following[0]


def text_fragment_url(url: str, sentence: str, step: str = "") -> str:
    """``url`` plus a text fragment so the browser scrolls to and highlights ``sentence`` (and
    ``step``, the next block: then the fragment starts in the one and ends in the other, since
    a browser matches each part of a fragment within one block)."""

    def encode(text: str) -> str:
        return quote(text, safe="").replace("-", "%2D")

    words = sentence.rstrip(".!?").split()
    if step:
        step_words = step.rstrip(".!?").split()
        directive = f"{encode(' '.join(words[:_FRAGMENT_WORDS]))},{encode(' '.join(step_words[-_FRAGMENT_WORDS:]))}"
    elif len(words) > 2 * _FRAGMENT_WORDS:
        directive = f"{encode(' '.join(words[:_FRAGMENT_WORDS]))},{encode(' '.join(words[-_FRAGMENT_WORDS:]))}"
    else:
        directive = encode(" ".join(words))
    separator = "" if "#" in url else "#"
    return f"{url}{separator}:~:text={directive}"


def coverage_match(results: SearchResults, sentence_cover: float) -> float:
    """The share of the question the top section and its sentence hold, lowered when another
    article's section scores almost as well."""
    hits = results.hits
    top = hits[0]
    match = top.coverage * (0.6 + 0.4 * sentence_cover)
    if len(hits) > 1 and hits[1].path != top.path and hits[1].score > 0:
        match *= 0.85 + 0.15 * min(1.0, top.score / hits[1].score - 1.0)
    return round(max(0.0, min(1.0, match)), 3)


def _answering(results: SearchResults) -> tuple[Hit, str, float]:
    """The section that answers (the top hit, or when it has no sentence of its own the best-ranked
    section of the same article that has), its answering sentence ("" when none), and the share
    of the question's concepts that sentence covers."""
    top = results.hits[0]
    sentence, sentence_cover = best_sentence(top, results.concepts)
    if not sentence:
        # A heading followed straight by its sub-headings (or by a table or code only) has no
        # sentence of its own: answer from the best-ranked of the same article's sections that has.
        for other in results.hits[1:]:
            if other.path == top.path:
                sentence, sentence_cover = best_sentence(other, results.concepts)
                if sentence:
                    return other, sentence, sentence_cover
    return top, sentence, sentence_cover


def confidence_of(results: SearchResults) -> float:
    """The probability that the answer kb gives from ``results`` is right (0 without hits)."""
    if not results.hits or not results.concepts:
        return 0.0
    _top, _sentence, sentence_cover = _answering(results)
    return round(probability(results, sentence_cover), 3)


def answer_from_results(
    results: SearchResults,
    threshold: float,
    measure: Literal["confidence", "match"] = "confidence",
    confidence: float | None = None,
) -> Answer:
    """Pick the answer from search results (pure: no index access): a sentence when
    ``measure`` ("confidence", the probability, or "match") reaches ``threshold``. ``confidence``:
    :func:`confidence_of` these results when the caller has it already (it costs about 1 ms)."""
    hits = results.hits
    if not hits or not results.concepts:
        return Answer(results.query, None, 0.0, None, None, hits, results.suggestion)
    top, sentence, sentence_cover = _answering(results)
    if confidence is None:
        confidence = round(probability(results, sentence_cover), 3)
    match = coverage_match(results, sentence_cover)
    if not sentence or (match if measure == "match" else confidence) < threshold:
        return Answer(results.query, None, confidence, None, None, hits, results.suggestion, match)
    step = next_step(top, sentence)
    return Answer(
        results.query,
        f"{sentence} {step}" if step else sentence,
        confidence,
        top,
        text_fragment_url(top.url, sentence, step),
        hits,
        results.suggestion,
        match,
    )
