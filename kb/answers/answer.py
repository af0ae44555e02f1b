"""From ranked sections to one sentence, a confidence, and an honest no-answer.

The answer is always a sentence the docs already contain: the article summary when the best
hit is an article's lead, else the sentence of the best section that covers the question's
concepts best (the first sentence wins ties: quick-guide sections open with the answer).
Confidence is the share of the question's information (concept weights) the best section
covers; below the threshold kb answers ``None`` and shows the closest articles instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from kb.index import Concept, Hit, SearchResults, SectionIndex, word_stem, words_of
from kb.text import paragraphs, split_sentences

__all__ = ["Answer", "answer_question", "best_sentence", "concept_coverage", "text_fragment_url"]

_MAX_SENTENCE_CHARS = 320
_FIRST_SENTENCE_PRIOR = 0.35
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


def _sentence_stems(sentence: str) -> set[str]:
    return {word_stem(w) for w in words_of(sentence)} - {""}


def concept_coverage(stems: set[str], concepts: Sequence[Concept]) -> float:
    """The share of the question's information (concept weights) that ``stems`` hold."""
    total = sum(c.weight for c in concepts) or 1.0
    covered = sum(c.weight for c in concepts if any(set(a) <= stems for a in c.alternatives))
    return covered / total


def _candidates(hit: Hit) -> list[str]:
    sentences: list[str] = []
    if hit.kind == "lead" and hit.summary:
        sentences.append(hit.summary)
    for paragraph in paragraphs(hit.body):
        sentences.extend(s for s in split_sentences(paragraph) if len(s) <= _MAX_SENTENCE_CHARS)
    return [s for s in sentences if len(s.split()) >= 3]


def best_sentence(hit: Hit, concepts: Sequence[Concept]) -> tuple[str, float]:
    """The sentence of ``hit`` that answers best, and the share of concepts it covers."""
    best, best_score, best_cover = "", -1.0, 0.0
    for position, sentence in enumerate(_candidates(hit)):
        cover = concept_coverage(_sentence_stems(sentence), concepts)
        score = cover + (_FIRST_SENTENCE_PRIOR if position == 0 else 0.0)
        if score > best_score:
            best, best_score, best_cover = sentence, score, cover
    return best, best_cover


def text_fragment_url(url: str, sentence: str) -> str:
    """``url`` plus a text fragment so the browser scrolls to and highlights ``sentence``."""

    def encode(text: str) -> str:
        return quote(text, safe="").replace("-", "%2D")

    words = sentence.rstrip(".!?").split()
    if len(words) > 2 * _FRAGMENT_WORDS:
        directive = f"{encode(' '.join(words[:_FRAGMENT_WORDS]))},{encode(' '.join(words[-_FRAGMENT_WORDS:]))}"
    else:
        directive = encode(" ".join(words))
    separator = "" if "#" in url else "#"
    return f"{url}{separator}:~:text={directive}"


def answer_from_results(results: SearchResults, threshold: float) -> Answer:
    """Pick the answer from search results (pure: no index access)."""
    hits = results.hits
    if not hits or not results.concepts:
        return Answer(results.query, None, 0.0, None, None, hits, results.suggestion)
    top = hits[0]
    sentence, sentence_cover = best_sentence(top, results.concepts)
    # The section must cover the question, and the sentence must speak to it.
    confidence = top.coverage * (0.6 + 0.4 * sentence_cover)
    if len(hits) > 1 and hits[1].path != top.path and hits[1].score > 0:
        margin = min(1.0, top.score / hits[1].score - 1.0)
        confidence *= 0.85 + 0.15 * margin
    confidence = round(max(0.0, min(1.0, confidence)), 3)
    if not sentence or confidence < threshold:
        return Answer(results.query, None, confidence, None, None, hits, results.suggestion)
    return Answer(
        results.query,
        sentence,
        confidence,
        top,
        text_fragment_url(top.url, sentence),
        hits,
        results.suggestion,
    )


def answer_question(index: SectionIndex, text: str, threshold: float, limit: int = 5) -> Answer:
    """Answer user text in one sentence from the docs, or honestly not at all."""
    return answer_from_results(index.search(text, limit), threshold)
