"""Index benchmark on the synthetic corpus: full build rate, incremental update, query latency.

    python bench/index.py [N] [--builds B]   # N articles (default 10000), B full builds (default 3)

Figures go in bench/README.md. A full build is timed as ``kb index`` runs it: from the Markdown
files (parsed by the worker processes that index them) to the swapped-in index. Each build
replaces the previous one; the best and the median are reported because other work on the
machine slows single runs. Query latency is measured uncached (every question planned and
searched) and cached (repeated questions, as the API serves them).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from corpus import generate

from kb.config import load_settings
from kb.content import load_article, load_catalog
from kb.index import SectionIndex, build_index, update_articles
from kb.index.segments import worker_count

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", nargs="?", type=int, default=10000)
    parser.add_argument("--builds", type=int, default=3, help="full builds to time (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        docs, questions_file = work / "docs", work / "questions.txt"
        generate(args.articles, docs, questions_file)
        questions = questions_file.read_text(encoding="utf-8").splitlines()
        settings = load_settings(ROOT).with_paths(docs_dir=docs, data_dir=work / "data")

        rates = []
        for _ in range(max(1, args.builds)):
            stats = build_index(settings)
            rates.append(stats.sections / stats.seconds)
            print(
                f"full build: {stats.sections:,} sections of {stats.articles:,} articles in {stats.seconds:.1f} s "
                f"= {rates[-1]:,.0f} sections/s"
            )
        print(
            f"full build, {len(rates)} runs with {worker_count(stats.articles)} worker processes: "
            f"best {max(rates):,.0f} sections/s, median {statistics.median(rates):,.0f} sections/s"
        )
        catalog = load_catalog(docs)

        index = SectionIndex.open(settings)
        timings = []
        for article in catalog.articles[:: max(1, len(catalog.articles) // 20)][:20]:
            file = docs / article.path
            file.write_text(
                file.read_text(encoding="utf-8").replace("\n## ", "\nUpdated today.\n\n## ", 1), encoding="utf-8"
            )
            start = time.perf_counter()
            changed, _ = load_article(docs, file)
            assert changed is not None
            update_articles(settings, [changed])
            index.refresh(force=True)
            timings.append((time.perf_counter() - start) * 1000)
        print(
            f"incremental update of one article (parse + index + searcher refresh), 20 runs: "
            f"median {statistics.median(timings):.0f} ms, max {max(timings):.0f} ms"
        )

        index.refresh(force=True)
        uncached = []
        for question in questions:
            start = time.perf_counter()
            index._search(index._current, question, 5)  # bypasses the answer cache on purpose
            uncached.append((time.perf_counter() - start) * 1000)
        for question in questions:
            index.search(question, 5)
        cached = []
        for question in questions:
            start = time.perf_counter()
            index.search(question, 5)
            cached.append((time.perf_counter() - start) * 1000)
        print(
            f"query, {len(questions)} realistic questions, uncached: p50 {percentile(uncached, 0.5):.1f} ms, "
            f"p99 {percentile(uncached, 0.99):.1f} ms; cached: p50 {percentile(cached, 0.5):.3f} ms"
        )
        index.close()


if __name__ == "__main__":
    main()
