"""Live edit of a published article: from the start of ``edit_live()`` until it returns, when the
index and the built site hold the edit (the server reads both as they are written).

    python bench/live_edit.py [N] [--work DIR] [--runs 7]

Generates N articles (default 10000; reused from ``--work``), builds the preview site and the
index once as ``kb serve`` does, then edits one article per run (a new made-up word in its
body, a renamed heading) and prints each run's seconds (index, site) and the median and max.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
from contextlib import closing
from pathlib import Path

from publish import CATEGORIES, ROOT, made_up_word, prepare

from kb.config import load_settings
from kb.index import SectionIndex
from kb.review import edit_live, review_live


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", nargs="?", type=int, default=10000)
    parser.add_argument("--work", type=Path, help="keep the work folder (docs, site, index) here and reuse it")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(7)
    temp = None if args.work else tempfile.TemporaryDirectory()
    work = args.work or Path(temp.name)  # type: ignore[union-attr]
    env = {**os.environ, "KB_DOCS_DIR": str(work / "docs"), "KB_DATA_DIR": str(work / "data"),
           "KB_SITE_DIR": str(work / "site")}  # fmt: skip
    settings = load_settings(ROOT, environ=env)
    prepare(settings, work / "corpus", args.articles)
    times: list[float] = []
    for run in range(args.runs):
        folder = settings.docs_dir / CATEGORIES[run % len(CATEGORIES)]
        path = sorted(folder.glob("*.md"))[run + 1].relative_to(settings.docs_dir).as_posix()
        live = review_live(settings, path)
        word = made_up_word(rng)
        body = live.text.split("\n# ", 1)[1].split("\n", 1)[1] + f"\n## Also {word}\n\nMention {word} here.\n"
        result = edit_live(settings, path, agent="bench", body=body, expected=live.etag)
        with closing(SectionIndex.open(settings)) as index:
            assert index.search(word).hits[0].path == path, "the edit is not searchable"
        page = settings.data_dir / "preview" / path.removesuffix(".md") / "index.html"
        assert word in page.read_text(encoding="utf-8"), "the page does not show the edit"
        times.append(result.seconds)
        steps = f"index {result.index_seconds:.2f}, site {result.site_seconds:.2f}"
        print(f"run {run + 1}: {result.seconds:.2f} s ({steps})")
    print(f"{args.articles} articles: live edit median {statistics.median(times):.2f} s, max {max(times):.2f} s")


if __name__ == "__main__":
    main()
