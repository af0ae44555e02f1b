"""Train kb's answer confidence: a logistic regression, reported leaving one corpus out.

    python bench/calibrate.py                 # report, then print the models trained on everything
    python bench/calibrate.py --write         # ... and write them to kb/answers/confidence.json
    python bench/calibrate.py --report-only
    python bench/calibrate.py --own-only      # no other help centres' questions as negatives
    python bench/calibrate.py --write --corpus DOCS --corpus DOCS ...   # more help centres

kb ships the models trained with ``--corpus`` for the Mastodon, Anki and Zulip docs of
bench/corpora/ (each converted by its ``convert.py``, with its ``_questions.yml`` and
``_unanswerable.yml`` copied in): six help centres in all (bench/README.md).

kb ships what ``--write`` writes (kb/answers/confidence.py reads it): one model for ranking with
embeddings (all of ``FEATURES``) and one for ranking by words only (``semantic_weight`` 0,
``LEXICAL_FEATURES``). Re-run it when ranking or the corpora change.

For every help centre (the dev corpora in ../shared/corpora and kb's bundled docs) it builds
the index, asks each gold question (label 1 when the top hit is in the gold article, else 0)
each off-topic question of ``_unanswerable.yml`` and every *other* corpus's questions (off-topic
there: label 0), and records the features of :func:`answer_features`. Then,
for each corpus with off-topic questions, a logistic regression (scikit-learn) trained without
that corpus (neither its docs nor its questions) is scored on it against kb's former
heuristic (the coverage ``match``): ROC AUC, and at a range of thresholds the abstain rate on
answerable questions, the F1 of "no answer", and how many of the other corpora's questions it would answer.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from kb.answers.answer import best_sentence, coverage_match
from kb.answers.confidence import FEATURES, LEXICAL_FEATURES, Model, answer_features
from kb.answers.evaluate import QUESTIONS_FILE, UNANSWERABLE_FILE, load_questions, load_unanswerable
from kb.config import load_settings
from kb.index import SectionIndex, build_index

ROOT = Path(__file__).resolve().parents[1]
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5)


CORPORA = [ROOT.parent / "shared" / "corpora" / name / "docs" for name in ("ente-help", "joplin-help")] + [
    ROOT / "docs"
]


@dataclass
class Sample:
    features: dict[str, float] | None
    label: int
    answerable: bool
    shipped: float  # the confidence kb ships (its heuristic)
    docs: str = ""  # the help centre asked
    source: str = ""  # the help centre the question was written for


def questions_of(docs: Path) -> list[tuple[str, str]]:
    """(question, gold article) for the answerable questions, ("question", "") for the off-topic ones."""
    asked = [(q.question, q.article) for q in load_questions(docs / QUESTIONS_FILE)]
    if (docs / UNANSWERABLE_FILE).is_file():
        asked += [(q, "") for q in load_unanswerable(docs / UNANSWERABLE_FILE)]
    return asked


def collect(name: str, docs: Path, foreign: dict[str, list[str]], semantic: bool) -> list[Sample]:
    """Ask ``docs`` its own questions, and the other corpora's (``foreign``: off-topic here)."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(ROOT).with_paths(docs, Path(tmp) / "site", Path(tmp) / "data")
        if not semantic:
            settings = dataclasses.replace(settings, semantic_weight=0.0)
        build_index(settings)
        index = SectionIndex.open(settings)
        asked = [(q, article, name) for q, article in questions_of(docs)]
        asked += [(q, "", source) for source, questions in foreign.items() for q in questions]
        samples = []
        for question, article, source in asked:
            results = index.search(question, 10)
            features = None
            right = False
            shipped = 0.0
            if results.hits and results.concepts:
                _sentence, cover = best_sentence(results.hits[0], results.concepts)
                asked = results.understood or question  # as the model read it
                features = answer_features(results.hits, results.concepts, cover, results.similarities, asked)
                right = bool(article) and results.hits[0].path == article
                shipped = coverage_match(results, cover)
            samples.append(Sample(features, int(right), bool(article), shipped, name, source))
        index.close()
    return samples


#: The other help centres' questions weigh as much, together, as this share of the own ones: real
#: traffic is mostly on topic, and a fold with more foreign questions must not shift every
#: probability down (the threshold chosen on the folds then holds for the model trained on all).
FOREIGN_SHARE = 0.5


def fit(samples: list[Sample], names: list[str]) -> LogisticRegression:
    own = sum(1 for s in samples if s.docs == s.source)
    foreign = len(samples) - own
    weight = FOREIGN_SHARE * own / foreign if foreign else 1.0
    weights = np.array([1.0 if s.docs == s.source else weight for s in samples])
    X, y = matrix(samples, names)
    return LogisticRegression(C=1.0, max_iter=2000).fit(X, y, sample_weight=weights)


def matrix(samples: list[Sample], names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    rows = [[(s.features or {}).get(n, 0.0) for n in names] for s in samples]
    return np.array(rows), np.array([s.label for s in samples])


def operating_point(p: np.ndarray, samples: list[Sample], threshold: float) -> str:
    answered = p >= threshold
    answerable = np.array([s.answerable for s in samples])
    abstain = 1 - answered[answerable].mean()
    off = ~answerable
    tp, fp, fn = (~answered & off).sum(), (~answered & answerable).sum(), (answered & off).sum()
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return f"abstain {abstain:.0%}, no-answer F1 {f1:.2f}"


def report(everything: list[Sample], named: dict[str, Path], names: list[str], own_only: bool) -> None:
    """Leave each help centre with off-topic questions out in turn: train on the rest, score it."""
    for held_out in named:
        test = [s for s in everything if s.docs == held_out and s.source == held_out]
        if all(s.answerable for s in test):
            continue  # no off-topic questions of its own: nothing to say about abstaining
        train = [s for s in everything if held_out not in (s.docs, s.source) and (s.docs == s.source or not own_only)]
        model = fit(train, names)
        X, y = matrix(test, names)
        p = np.where([s.features is not None for s in test], model.predict_proba(X)[:, 1], 0.0)
        shipped = np.array([s.shipped for s in test])
        foreign = [s for s in everything if s.docs == held_out and s.source != held_out]
        Xf, _ = matrix(foreign, names)
        pf = np.where([s.features is not None for s in foreign], model.predict_proba(Xf)[:, 1], 0.0)
        print(f"{held_out} (held out; trained on the others, {len(train)} questions):")
        print(f"  ROC AUC, top hit right: new {roc_auc_score(y, p):.3f}, heuristic {roc_auc_score(y, shipped):.3f}")
        labels = np.concatenate([y, np.zeros(len(foreign))])
        for threshold in THRESHOLDS:
            answered = (pf >= threshold).mean()
            shown = np.concatenate([p, pf]) >= threshold
            precision = labels[shown].mean() if shown.any() else 0.0
            print(f"  new at {threshold}: {operating_point(p, test, threshold)}; "
                  f"answers {answered:.0%} of the other help centres' questions; "
                  f"{precision:.0%} of all its answers right")  # fmt: skip
        heuristic_foreign = np.array([s.shipped for s in foreign])
        print(f"  heuristic at 0.35: {operating_point(shipped, test, 0.35)}; "
              f"answers {(heuristic_foreign >= 0.35).mean():.0%} of the other help centres' questions")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--report-only", action="store_true", help="skip training on everything")
    parser.add_argument("--write", action="store_true", help="write the models to kb/answers/confidence.json")
    parser.add_argument(
        "--own-only", action="store_true", help="train on each help centre's own questions only (no foreign negatives)"
    )
    parser.add_argument(
        "--corpus",
        action="append",
        type=Path,
        default=[],
        metavar="DOCS",
        help="another help centre's docs folder (with _questions.yml and _unanswerable.yml), e.g. one of "
        "bench/corpora/ converted; repeatable",
    )
    args = parser.parse_args()
    corpora = [*CORPORA, *(docs.resolve() for docs in args.corpus)]
    named = {("bundled" if docs == ROOT / "docs" else docs.parent.name): docs for docs in corpora if docs.is_dir()}
    own = {name: [q for q, article in questions_of(docs) if article] for name, docs in named.items()}
    models: dict[str, dict[str, object]] = {}
    for mode, names in (("semantic", list(FEATURES)), ("lexical", list(LEXICAL_FEATURES))):
        print(f"== ranking {'with embeddings' if mode == 'semantic' else 'by words only'}")
        samples_of = {
            name: collect(name, docs, {other: qs for other, qs in own.items() if other != name}, mode == "semantic")
            for name, docs in named.items()
        }
        everything = [s for samples in samples_of.values() for s in samples]
        report(everything, named, names, args.own_only)
        if args.report_only:
            continue
        final = [s for s in everything if s.docs == s.source or not args.own_only]
        model = fit(final, names)
        weights = ", ".join(f"{n} {w:+.3f}" for n, w in zip(names, model.coef_[0], strict=True))
        print(f"trained on everything: intercept {model.intercept_[0]:.3f}, {weights}")
        weights_ = tuple(round(float(w), 4) for w in model.coef_[0])
        shipped = Model(tuple(names), weights_, round(float(model.intercept_[0]), 4))
        models[mode] = {**shipped.as_json(), "questions": len(final), "help_centres": sorted(named)}
    if args.write and not args.report_only:
        out = ROOT / "kb" / "answers" / "confidence.json"
        out.write_text(json.dumps({"models": models}, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {out}")
    return None


if __name__ == "__main__":
    sys.exit(main())
