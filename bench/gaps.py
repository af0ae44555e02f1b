"""How long the content-gap queue takes with a big search log (issue 14, finding 6).

    python bench/gaps.py                      # 1,000,000 logged searches over 30 days
    python bench/gaps.py --rows 200000 --unique 0.6

Fills a fresh database with searches: ``--unique`` of them are one-off questions nobody asks
twice (a flood of distinct queries), the rest repeat 3,000 questions with a Zipf-like spread;
30 % got no confident answer. Times, in the order an agent meets them:

- ``log``: writing the searches through kb's own search-log writer (masking, tallying);
- ``first view``: the gap queue straight after (what an agent's first page costs);
- ``steady view``: the queue again after 1,000 more searches (each later page).
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kb.insight import LogEntry, SearchLog, gap_groups
from kb.store import connect, sqlite_url

#: Customers' words: every word of the bundled help centre (about 2,000), as a real log's vocabulary.
WORDS = sorted(
    {w for f in (Path(__file__).resolve().parents[1] / "docs").rglob("*.md")
     for w in re.findall(r"[a-z]{3,}", f.read_text(encoding="utf-8").lower())}
)  # fmt: skip
QUESTION_FORMS = ("how do i {} my {}", "why does {} fail on {}", "{} {} not working", "can i {} the {}")


def _questions(rng: random.Random, count: int) -> list[str]:
    return [rng.choice(QUESTION_FORMS).format(*rng.sample(WORDS, 2)) + f" {rng.choice(WORDS)}" for _ in range(count)]


def _one_off(rng: random.Random, n: int) -> str:
    return " ".join(rng.sample(WORDS, 4)) + f" {n:x}{rng.randrange(1 << 30):x}"


def fill(db_path: Path, rows: int, unique: float, seed: int = 7) -> float:
    """Log ``rows`` searches through SearchLog over the last 30 days; returns seconds taken."""
    rng = random.Random(seed)
    common = _questions(rng, 3000)
    weights = [1 / (rank + 1) for rank in range(len(common))]
    now = time.time()
    log = SearchLog(sqlite_url(db_path), max_rows=0)
    start = time.perf_counter()
    picks = rng.choices(common, weights, k=rows)
    for n in range(rows):
        query = _one_off(rng, n) if rng.random() < unique else picks[n]
        answered = rng.random() >= 0.3
        log.record_at(
            now - rng.random() * 30 * 86400,
            LogEntry("answer", query, None, None, 3 if answered else rng.choice((0, 2)), 0.5, answered, 5.0),
        )
    log.flush(timeout=3600)
    log.close()
    return time.perf_counter() - start


def view(db_path: Path) -> tuple[float, int]:
    with closing(connect(db_path)) as db:
        start = time.perf_counter()
        groups = gap_groups(db, 30, limit=50)
        return time.perf_counter() - start, len(groups)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--unique", type=float, default=0.3, help="share of one-off questions")
    parser.add_argument("--repeat", type=int, default=5, help="steady views to time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "kb.sqlite3"
        seconds = fill(db_path, args.rows, args.unique)
        print(f"log: {args.rows:,} searches in {seconds:.1f} s ({args.rows / seconds:,.0f}/s)")
        first, groups = view(db_path)
        print(f"first view: {first * 1000:.0f} ms ({groups} groups shown)")
        steady = []
        for round_ in range(args.repeat):
            fill(db_path, 1000, args.unique, seed=100 + round_)
            steady.append(view(db_path)[0])
        print(f"steady view after 1,000 more searches: median {statistics.median(steady) * 1000:.0f} ms, "
              f"max {max(steady) * 1000:.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
