"""Time answering never-asked questions in process, as ``/api/answer`` does off its cache.

    python bench/answer_latency.py DOCS QUESTIONS.yml [MORE.yml ...] [--runs 2] [--data DIR]

Builds DOCS's index in a temporary folder, loads the model with one question, then answers every
question of the files once per run (a fresh searcher each run, so nothing comes from kb's
search cache) and prints p50, p90, p99 and the maximum per file. Question files are
``_questions.yml`` lists of records or ``_unanswerable.yml`` lists of text. Figures go in
bench/README.md; run it with nothing else busy (the machine has two cores). ``--data DIR`` keeps
the index in DIR and uses it when it is there (10,000 articles take minutes to embed).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from kb.answers import answer_question
from kb.config import load_settings
from kb.index import SectionIndex, build_index

ROOT = Path(__file__).resolve().parent.parent


def questions_of(path: Path) -> list[str]:
    records = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [str(r["question"] if isinstance(r, dict) else r) for r in records]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", type=Path)
    parser.add_argument("questions", type=Path, nargs="+")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--data", type=Path, help="keep the index here, and use it if it is there")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        settings = load_settings(ROOT).with_paths(docs_dir=args.docs, data_dir=args.data or Path(scratch))
        if args.data is None or not args.data.is_dir():
            build_index(settings)
        for path in args.questions:
            asked = questions_of(path)
            for run in range(1, args.runs + 1):
                index = SectionIndex.open(settings)
                answer_question(index, "warm up the model", settings.answer_threshold)
                times = []
                for question in asked:
                    start = time.perf_counter()
                    answer_question(index, question, settings.answer_threshold)
                    times.append((time.perf_counter() - start) * 1000)
                index.close()
                print(
                    f"{path.name} run {run}: {len(times)} questions, p50 {statistics.median(times):.1f} ms, "
                    f"p90 {percentile(times, 0.9):.1f} ms, p99 {percentile(times, 0.99):.1f} ms, "
                    f"max {max(times):.1f} ms"
                )


if __name__ == "__main__":
    main()
