"""Which sentence answers: the answer-sentence F1 of kb's sentence picker for several head starts
of the section's first sentence, on help centres whose questions carry their ``answer``.

    python bench/sentences.py                            # the dev corpora of ../shared/corpora
    python bench/sentences.py DOCS[=QUESTIONS] ...       # other help centres as well

Each question is asked once; the picker (:func:`kb.answers.answer.best_sentence`) then chooses a
sentence of kb's top section with each head start in ``BONUSES``, and always answers (the
abstention is ``kb eval``'s business): this measures the choice of the sentence alone. The
oracle is the best sentence of the top section when that section is the gold one. Figures go in
bench/README.md ("The sentence, chosen on five help centres").
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from kb.answers import answer_f1, load_questions
from kb.answers.answer import FIRST_SENTENCE_BONUS, best_sentence, next_step
from kb.config import load_settings
from kb.index import SectionIndex, build_index
from kb.text import paragraphs, split_sentences

ROOT = Path(__file__).resolve().parents[1]
BONUSES = (0.0, 0.15, 0.25, 0.35)
DEV = [
    (ROOT.parent / "shared" / "corpora" / name / "docs", ROOT / "bench" / "data" / "answers" / f"{name}.yml")
    for name in ("ente-help", "joplin-help")
]


def measure(docs: Path, questions_file: Path) -> tuple[dict[float, float], float, int]:
    """Mean answer F1 per head start, the oracle's mean over right top sections, and how many
    questions carry an answer."""
    questions = [q for q in load_questions(questions_file) if q.answer]
    scores: dict[float, list[float]] = {bonus: [] for bonus in BONUSES}
    oracle: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(ROOT).with_paths(docs, Path(tmp) / "site", Path(tmp) / "data")
        build_index(settings)
        index = SectionIndex.open(settings)
        try:
            for question in questions:
                assert question.answer is not None
                results = index.search(question.question, 10)
                if not results.hits or not results.concepts:
                    for bonus in BONUSES:
                        scores[bonus].append(0.0)
                    continue
                top = results.hits[0]
                for bonus in BONUSES:
                    sentence, _cover = best_sentence(top, results.concepts, bonus)
                    step = next_step(top, sentence)  # as kb answers: an announcing sentence goes on
                    scores[bonus].append(answer_f1(f"{sentence} {step}" if step else sentence, question.answer))
                if top.path == question.article and top.anchor == question.anchor:
                    sentences = [top.summary] if top.kind == "lead" and top.summary else []
                    sentences += [s for p in paragraphs(top.body) for s in split_sentences(p)]
                    oracle.append(max((answer_f1(s, question.answer) for s in sentences), default=0.0))
        finally:
            index.close()
    means = {bonus: statistics.fmean(values) if values else 0.0 for bonus, values in scores.items()}
    return means, statistics.fmean(oracle) if oracle else 0.0, len(questions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpora", nargs="*", help="DOCS or DOCS=QUESTIONS (default questions: DOCS/_questions.yml)")
    args = parser.parse_args()
    corpora = [(docs, questions) for docs, questions in DEV if docs.is_dir()]
    for given in args.corpora:
        docs, _, questions = given.partition("=")
        corpora.append((Path(docs), Path(questions) if questions else Path(docs) / "_questions.yml"))
    header = " | ".join(f"+{bonus:.2f}{' (kb)' if bonus == FIRST_SENTENCE_BONUS else ''}" for bonus in BONUSES)
    print(f"| help centre | questions | {header} | oracle |")
    print("|---" * (len(BONUSES) + 3) + "|")
    totals: dict[float, list[float]] = {bonus: [] for bonus in BONUSES}
    for docs, questions in corpora:
        means, oracle, count = measure(docs, questions)
        for bonus, value in means.items():
            totals[bonus].append(value)
        name = docs.parent.name if docs.name == "docs" else docs.name
        cells = " | ".join(f"{means[bonus]:.3f}" for bonus in BONUSES)
        print(f"| {name} | {count} | {cells} | {oracle:.3f} |", flush=True)
    cells = " | ".join(f"{statistics.fmean(values):.3f}" for values in totals.values())
    print(f"| mean | | {cells} | |")


if __name__ == "__main__":
    main()
