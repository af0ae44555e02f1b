"""Full site build benchmark on the synthetic corpus: time, site size, median page size.

    python bench/build.py 1000 10000        # sizes to measure (default: 1000 10000)

Each size is generated with bench/gen.py into a temp folder and built with kb's real build
(MkDocs + Material + the kb plugin). Figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from corpus import generate

from kb.config import load_settings
from kb.site import build_site

ROOT = Path(__file__).resolve().parent.parent


def measure(count: int, work: Path) -> dict[str, float]:
    docs = work / f"docs-{count}"
    generate(count, docs)
    settings = load_settings(ROOT).with_paths(docs, work / f"site-{count}", work / f"data-{count}")
    start = time.perf_counter()
    result = build_site(settings)
    seconds = time.perf_counter() - start
    pages = list(settings.site_dir.rglob("index.html"))
    article_pages = [p for p in pages if len(p.relative_to(settings.site_dir).parts) == 3 and "_pages" not in p.parts]
    total = sum(f.stat().st_size for f in settings.site_dir.rglob("*") if f.is_file())
    return {
        "articles": count,
        "pages": result.pages,
        "seconds": seconds,
        "site_mb": total / 1e6,
        "median_page_kb": statistics.median(p.stat().st_size for p in article_pages) / 1024,
        "max_page_kb": max(p.stat().st_size for p in pages) / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    args = parser.parse_args()
    print("| articles | pages | build s | site MB | median page KB | largest page KB |")
    print("|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            m = measure(size, Path(tmp))
            print(
                f"| {size:,} | {m['pages']:,.0f} | {m['seconds']:.1f} | {m['site_mb']:.1f} | "
                f"{m['median_page_kb']:.1f} | {m['max_page_kb']:.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
