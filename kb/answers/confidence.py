"""How sure kb is that the best section answers the question: a calibrated probability.

A logistic regression over features of the ranked results (below), trained by
``bench/calibrate.py`` on the dev help centres' questions: label 1 when the top section is in the
gold article, 0 when it is not, when the question is one the docs do not answer
(``_unanswerable.yml``) or another help centre's question. Its weights ship as data,
``confidence.json`` beside this module, with one model for ranking with embeddings and one for
ranking by words only (``semantic_weight`` 0). The output is a probability, so
``answer_threshold`` reads as "answer when at least this likely to be right".

Features of the top hit: the share of the question's information (concept weights) it covers
and the chosen sentence covers; its score's margin over the best hit of another article and the
runner-up's ratio; the score per unit of question information and its log; the number of
concepts; the share covered by the title and headings; whether the rarest concept is in the
section; whether it is an article's lead; and (with embeddings) its cosine with the question, that
cosine's margin over the best other article's, the best cosine among the hits, how many standard
deviations it stands above all 30 candidates' cosines, and the gap from the best to the fourth;
and how well the question's words find counterparts in the section, word by word
(:mod:`kb.semantic.alignment`): the mean of the two weakest words' scores ("words"), and its
margin over the best other article's section ("words_margin"). A section on the question's
subject that does not say what was asked leaves one word without a counterpart.
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from kb.answers.coverage import concept_coverage, text_stems
from kb.index import QUESTION_WORDS, Concept, Hit, SearchResults, embedding_text, word_stem, words_of
from kb.semantic import word_vectors
from kb.text import ENGLISH_STOP_WORDS

__all__ = ["ANSWER_HITS", "FEATURES", "LEXICAL_FEATURES", "Model", "answer_features", "model_for", "probability"]

LEXICAL_FEATURES = (
    "coverage",
    "sentence",
    "margin",
    "runner_up",
    "score_per_weight",
    "concepts",
    "title_cover",
    "rarest",
    "lead",
    "log_score",
)
FEATURES = (
    *LEXICAL_FEATURES,
    "similarity",
    "similarity_margin",
    "best_similarity",
    "standout",
    "spread",
    "words",
    "words_margin",
)
_MAX_MARGIN = 2.0
_SPREAD_FLOOR = 0.02  # keeps the standout finite when every candidate is as close
#: The hits the features look at: the API shows five, kb eval ranks ten; both answer alike.
ANSWER_HITS = 5
_FILE = "confidence.json"


def answer_features(
    hits: Sequence[Hit],
    concepts: Sequence[Concept],
    sentence_cover: float,
    similarities: Sequence[float] = (),
    query: str = "",
) -> dict[str, float]:
    """The model's inputs for the top hit of ``hits`` (see the module docstring); ``similarities``:
    every candidate section's similarity to the question, highest first (none when ranking by
    words only, which also leaves out the word-by-word match of ``query``)."""
    hits = hits[:ANSWER_HITS]
    top = hits[0]
    other = next((h for h in hits[1:] if h.path != top.path), None)
    margin = min(_MAX_MARGIN, top.score / other.score - 1.0) if other and other.score > 0 else _MAX_MARGIN
    runner_up = hits[1].score / top.score if len(hits) > 1 and top.score > 0 else 0.0
    total = sum(c.weight for c in concepts) or 1.0
    rarest = max(concepts, key=lambda c: c.weight)
    section = text_stems(f"{top.title} {top.heading} {top.summary} {top.body}")
    return {
        "coverage": top.coverage,
        "sentence": sentence_cover,
        "margin": margin,
        "runner_up": runner_up,
        "score_per_weight": top.score / total,
        "concepts": float(len(concepts)),
        "title_cover": concept_coverage(text_stems(f"{top.title} {top.heading}"), concepts),
        "rarest": 1.0 if any(set(a) <= section for a in rarest.alternatives) else 0.0,
        "lead": 1.0 if top.kind == "lead" else 0.0,
        "log_score": math.log1p(max(0.0, top.score)),
        "similarity": top.similarity,
        "similarity_margin": top.similarity - max((h.similarity for h in hits if h.path != top.path), default=0.0),
        "best_similarity": max(h.similarity for h in hits),
        **_crowd(top.similarity, similarities),
        **(_words(query, top, other) if similarities else {"words": 0.0, "words_margin": 0.0}),
    }


def _words(query: str, top: Hit, other: Hit | None) -> dict[str, float]:
    """How well the question's weakest two words find counterparts in the top section, and by how
    much more than in the best other article's section."""
    words = [w for w in words_of(query) if w not in ENGLISH_STOP_WORDS and w not in QUESTION_WORDS and word_stem(w)]
    best = _weakest(words, top)
    return {"words": best, "words_margin": best - (_weakest(words, other) if other else 0.0)}


def _weakest(words: Sequence[str], hit: Hit) -> float:
    fields = {"title_text": hit.title, "heading_text": hit.heading, "kind": hit.kind, "summary": hit.summary}
    text = embedding_text({**fields, "body": hit.body})  # what the section's embedding reads
    scores = sorted(word_vectors().alignment(words, text))
    return statistics.fmean(scores[:2]) if scores else 0.0


def _crowd(similarity: float, similarities: Sequence[float]) -> dict[str, float]:
    """How far the top hit's similarity stands out from all candidates' (in standard deviations),
    and the gap between the best candidate's and the fourth best's: a question the docs answer
    usually has one section far closer than the rest, one they don't has many about as close."""
    if not similarities:
        return {"standout": 0.0, "spread": 0.0}
    mean = statistics.fmean(similarities)
    return {
        "standout": (similarity - mean) / (statistics.pstdev(similarities) + _SPREAD_FLOOR),
        "spread": similarities[0] - (similarities[3] if len(similarities) > 3 else 0.0),
    }


@dataclass(frozen=True)
class Model:
    """A logistic regression: ``sigmoid(intercept + sum(weight * feature))``."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    intercept: float

    def probability(self, values: Mapping[str, float]) -> float:
        z = self.intercept + sum(w * values.get(name, 0.0) for name, w in zip(self.features, self.weights, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def as_json(self) -> dict[str, object]:
        return {"features": list(self.features), "weights": list(self.weights), "intercept": self.intercept}


@cache
def _models() -> dict[str, Model]:
    data = json.loads((resources.files("kb.answers") / _FILE).read_text(encoding="utf-8"))
    return {
        name: Model(tuple(entry["features"]), tuple(float(w) for w in entry["weights"]), float(entry["intercept"]))
        for name, entry in data["models"].items()
    }


def model_for(semantic: bool) -> Model:
    """The shipped model for ranking with embeddings, or by words only."""
    return _models()["semantic" if semantic else "lexical"]


def probability(results: SearchResults, sentence_cover: float) -> float:
    """The probability that the top hit of ``results`` answers the question (0 without hits or
    concepts)."""
    if not results.hits or not results.concepts:
        return 0.0
    features = answer_features(
        results.hits, results.concepts, sentence_cover, results.similarities, results.understood or results.query
    )
    return model_for(results.semantic).probability(features)
