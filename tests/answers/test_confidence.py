"""The answer's confidence: a logistic regression shipped as data (kb/answers/confidence.json)."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from kb.answers.confidence import FEATURES, LEXICAL_FEATURES, answer_features, model_for, probability
from kb.index import Concept, Hit, SearchResults


def hit(path: str, score: float, similarity: float, body: str = "Open Billing and choose Export.") -> Hit:
    return Hit(
        key=path, path=path, title="Export invoices", heading="Steps", anchor="steps", url=f"/{path}/",
        kind="section", summary="", body=body, score=score, coverage=1.0, snippet="", similarity=similarity,
    )  # fmt: skip


CONCEPTS = (Concept("export", (("export",),), 2.0), Concept("invoices", (("invoic",),), 1.5))


def test_the_shipped_models_name_their_features_and_weights() -> None:
    data = json.loads((resources.files("kb.answers") / "confidence.json").read_text(encoding="utf-8"))
    assert set(data["models"]) == {"semantic", "lexical"}
    assert model_for(True).features == FEATURES and model_for(False).features == LEXICAL_FEATURES
    for semantic in (True, False):
        model = model_for(semantic)
        assert len(model.weights) == len(model.features)
    # What makes an answer right must push the probability up, in both models.
    for name in ("coverage", "sentence", "title_cover"):
        assert model_for(True).weights[FEATURES.index(name)] > 0
        assert model_for(False).weights[LEXICAL_FEATURES.index(name)] > 0
    assert model_for(True).weights[FEATURES.index("similarity")] > 0


def test_a_clear_match_is_more_probable_than_a_close_call() -> None:
    clear_hits = (hit("a.md", 3.0, 0.8), hit("b.md", 1.0, 0.3))
    close_hits = (hit("a.md", 3.0, 0.5), hit("b.md", 2.9, 0.49))
    clear = SearchResults("export invoices", clear_hits, None, CONCEPTS, True, (0.8, 0.3, 0.2, 0.2))
    close = SearchResults("export invoices", close_hits, None, CONCEPTS, True, (0.5, 0.49, 0.48, 0.47))
    high, low = probability(clear, 1.0), probability(close, 1.0)
    assert 0.0 < low < high < 1.0


def test_no_hits_or_no_concepts_is_probability_zero() -> None:
    assert probability(SearchResults("x", (), None, CONCEPTS, True), 1.0) == 0.0
    assert probability(SearchResults("x", (hit("a.md", 1.0, 0.5),), None, (), True), 1.0) == 0.0


def test_the_crowd_features_measure_how_far_the_best_stands_out() -> None:
    hits = (hit("a.md", 3.0, 0.8),)
    alone = answer_features(hits, CONCEPTS, 1.0, (0.8, 0.3, 0.3, 0.3))
    crowded = answer_features(hits, CONCEPTS, 1.0, (0.8, 0.79, 0.78, 0.78))
    assert alone["standout"] > crowded["standout"] and alone["spread"] == pytest.approx(0.5)
    assert answer_features(hits, CONCEPTS, 1.0)["standout"] == 0.0  # words only: no similarities


def test_words_only_results_use_the_words_only_model(monkeypatch: pytest.MonkeyPatch) -> None:
    results = SearchResults("export invoices", (hit("a.md", 3.0, 0.0),), None, CONCEPTS, False)
    lexical = model_for(False).probability(answer_features(results.hits, CONCEPTS, 1.0))
    assert probability(results, 1.0) == pytest.approx(lexical)


def test_a_section_on_the_subject_that_lacks_the_asked_word_is_less_probable() -> None:
    """ "web clipper for safari" against a section on the clipper for Chrome and Firefox: same
    subject, but the asked-for browser has no counterpart in it."""
    concepts = (Concept("web", (("web",),), 1.0), Concept("clipper", (("clipper",),), 2.0))
    body = "Install the clipper extension for Chrome or Firefox to save web pages as notes."
    section = Hit(
        key="c", path="clipper.md", title="Web Clipper", heading="", anchor="", url="/clipper/",
        kind="lead", summary="", body=body, score=3.0, coverage=1.0, snippet="", similarity=0.7,
    )  # fmt: skip
    similarities = (0.7, 0.4, 0.3, 0.3)
    asked = {
        q: SearchResults(q, (section,), None, concepts, True, similarities)
        for q in ("web clipper for firefox", "web clipper for safari")
    }
    features = {q: answer_features(r.hits, concepts, 1.0, similarities, q) for q, r in asked.items()}
    assert features["web clipper for firefox"]["words"] > 0.99 > 0.7 > features["web clipper for safari"]["words"]
    assert probability(asked["web clipper for safari"], 1.0) < probability(asked["web clipper for firefox"], 1.0)
    # Ranking by words only leaves the word-by-word match out.
    assert answer_features((section,), concepts, 1.0, (), "web clipper for safari")["words"] == 0.0
