"""Report answer quality on the bundled docs: section@1, article@1, MRR@10, answer rates.

python bench/quality.py [--docs docs] [--questions tests/data/questions.yml] [--verbose]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import yaml

from kb.answers import answer_question, evaluate, load_questions
from kb.config import load_settings
from kb.index import SectionIndex, build_index

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    parser.add_argument("--questions", type=Path, default=ROOT / "tests" / "data" / "questions.yml")
    parser.add_argument("--offtopic", type=Path, default=ROOT / "tests" / "data" / "offtopic.yml")
    parser.add_argument("--verbose", action="store_true", help="list the questions whose top hit missed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        settings = load_settings(ROOT).with_paths(docs_dir=args.docs, data_dir=Path(data))
        build_index(settings)
        index = SectionIndex.open(settings)
        result = evaluate(index, load_questions(args.questions), settings.answer_threshold)
        offtopic = yaml.safe_load(args.offtopic.read_text(encoding="utf-8"))
        wrongly = [
            q for q in offtopic if answer_question(index, q, settings.answer_threshold).answer is not None
        ]
        print(result.summary())
        print(f"off-topic: {len(wrongly)} of {len(offtopic)} answered (should be 0)")
        if args.verbose:
            for question, gold, got in result.misses:
                print(f"  miss: {question!r}: gold {gold}, got {got}")
            for question in wrongly:
                print(f"  answered off-topic: {question!r}")
        index.close()


if __name__ == "__main__":
    main()
