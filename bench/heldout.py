"""Compare two confidence models on a help centre neither was trained on.

    git show eb26e07:kb/answers/confidence.json > /tmp/old.json
    python bench/heldout.py DOCS --old /tmp/old.json

DOCS holds ``_questions.yml`` and ``_unanswerable.yml``. Both models (the shipped one, with
embeddings, and the one in ``--old``) score the same search results, so only the confidence
differs: ROC AUC of "the top hit is in the gold article", and at a few thresholds the share of
answerable questions left without an answer, the no-answer F1, and the share of answers right.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from kb.answers.answer import best_sentence
from kb.answers.confidence import Model, answer_features, model_for
from kb.answers.evaluate import QUESTIONS_FILE, UNANSWERABLE_FILE, load_questions, load_unanswerable
from kb.config import load_settings
from kb.index import SectionIndex, build_index

ROOT = Path(__file__).resolve().parents[1]
THRESHOLDS = (0.25, 0.3, 0.35, 0.4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", type=Path)
    parser.add_argument("--old", type=Path, required=True, help="a confidence.json to compare with")
    args = parser.parse_args()
    entry = json.loads(args.old.read_text(encoding="utf-8"))["models"]["semantic"]
    models = {
        "old": Model(tuple(entry["features"]), tuple(entry["weights"]), entry["intercept"]),
        "new": model_for(True),
    }
    asked = [(q.question, q.article) for q in load_questions(args.docs / QUESTIONS_FILE)]
    asked += [(q, "") for q in load_unanswerable(args.docs / UNANSWERABLE_FILE)]
    right, answerable, scores = [], [], {name: [] for name in models}
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(ROOT).with_paths(args.docs, Path(tmp) / "site", Path(tmp) / "data")
        build_index(settings)
        index = SectionIndex.open(settings)
        for question, article in asked:
            results = index.search(question, 10)
            features = None
            if results.hits and results.concepts:
                _sentence, cover = best_sentence(results.hits[0], results.concepts)
                features = answer_features(results.hits, results.concepts, cover, results.similarities, question)
            right.append(bool(article) and features is not None and results.hits[0].path == article)
            answerable.append(bool(article))
            for name, model in models.items():
                scores[name].append(model.probability(features) if features else 0.0)
        index.close()
    y, ans = np.array(right), np.array(answerable)
    for name, values in scores.items():
        p = np.array(values)
        print(f"{name}: ROC AUC, top hit right {roc_auc_score(y, p):.3f}")
        for threshold in THRESHOLDS:
            answered = p >= threshold
            tp, fp, fn = (~answered & ~ans).sum(), (~answered & ans).sum(), (answered & ~ans).sum()
            f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
            print(f"  at {threshold}: abstains {1 - answered[ans].mean():.1%}, no-answer F1 {f1:.3f}, "
                  f"answers right {y[answered].mean():.0%}")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
