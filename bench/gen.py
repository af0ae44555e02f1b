"""Deterministic synthetic help-centre corpus for kb's benchmarks.

``python bench/gen.py N OUT`` writes N articles for "Fernhill", a fictional SaaS product for client
work (projects, time tracking, invoicing), into about twenty category folders under OUT, plus a
``_category.yml`` per folder and an ``index.md`` home page. Every article passes kb's content
checks: front matter with a one-sentence summary, one H1 equal to the title, 3-5 unique ``##``
sections of 60-150 words with numbered steps, fenced code, inline code and UI paths.

The output depends only on N and ``--seed``: one ``random.Random`` drives the plan (titles,
categories, section headings) and one per article drives its prose, nothing iterates a set or
reads the clock, and files are written as UTF-8 with ``\\n`` line endings, so the same command
gives byte-identical files on every run and machine. ``--queries FILE`` also writes 500 questions
phrased the way users type them, for load-testing the answer API.

The words and sentence templates are data, in the JSON files under bench/gen_data/ (described in
gen_data/README.md); the logic is split into small modules next to this script: gen_vocabulary
(reading and checking the data), gen_plan (titles and headings), gen_text (the Markdown) and
gen_queries (the questions). The script needs only the standard library, so it runs without kb
installed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from gen_plan import DEFAULT_SEED, Topic, plan_corpus, slugify
from gen_queries import QUERY_COUNT, generate_queries
from gen_text import HOME_PAGE, render_article, render_category
from gen_vocabulary import DataError, Templates, Vocabulary, load_questions, load_templates, load_vocabulary

__all__ = [
    "generate_queries",
    "load_questions",
    "load_templates",
    "load_vocabulary",
    "main",
    "plan_corpus",
    "render_article",
    "slugify",
    "write_corpus",
]


# --- writing -------------------------------------------------------------------------------------


def write_corpus(vocabulary: Vocabulary, templates: Templates, out: Path, topics: Sequence[Topic], seed: int) -> int:
    """Write the home page, category files and articles; return the number of sections written."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.md").write_text(HOME_PAGE, encoding="utf-8", newline="\n")
    by_category: dict[str, list[Topic]] = {}
    for topic in topics:
        by_category.setdefault(topic.category.folder, []).append(topic)
    for order, category in enumerate(vocabulary.categories, start=1):
        if category.folder in by_category:
            folder = out / category.folder
            folder.mkdir(exist_ok=True)
            (folder / "_category.yml").write_text(render_category(category, order), encoding="utf-8", newline="\n")
    sections = 0
    seen: set[bytes] = set()
    for topic in topics:
        text = render_article(vocabulary, templates, topic, by_category[topic.category.folder], seed, seen)
        (out / topic.path).write_text(text, encoding="utf-8", newline="\n")
        sections += len(topic.sections)
    return sections


def _clear(out: Path) -> None:
    for child in sorted(out.iterdir()):
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def _refusal(out: Path, force: bool) -> str | None:
    """Why OUT cannot be used, or None. With ``force`` a non-empty folder is cleared later."""
    if out.exists() and not out.is_dir():
        return f"{out} exists and is not a folder — choose another OUT"
    if not out.is_dir() or not any(out.iterdir()):
        return None
    if not force:
        return f"{out} exists and is not empty — choose an empty or new folder, or pass --force to clear it"
    resolved = out.resolve()
    cwd = Path.cwd().resolve()
    if resolved == cwd or resolved in cwd.parents or resolved == Path.home().resolve():
        return f"refusing to clear {out}: it is the current folder, one of its parents or your home folder"
    return None


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="gen.py",
        description="Write a deterministic synthetic help-centre corpus for kb benchmarks.",
    )
    parser.add_argument("count", type=int, metavar="N", help="number of articles to write")
    parser.add_argument("out", type=Path, metavar="OUT", help="folder to write into (new or empty)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default: %(default)s)")
    parser.add_argument("--force", action="store_true", help="clear OUT first if it is not empty")
    parser.add_argument(
        "--queries",
        type=Path,
        metavar="FILE",
        help="also write user questions about the corpus to FILE, one per line",
    )
    parser.add_argument(
        "--query-count",
        type=int,
        default=QUERY_COUNT,
        metavar="Q",
        help="how many questions --queries writes (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("N must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    out: Path = args.out
    refusal = _refusal(out, args.force)
    if refusal is not None:
        print(f"gen.py: {refusal}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        vocabulary, templates, questions = load_vocabulary(), load_templates(), load_questions()
    except DataError as error:
        print(f"gen.py: {error}", file=sys.stderr)
        return 1
    topics = plan_corpus(vocabulary, templates, args.count, args.seed)
    if out.is_dir():
        _clear(out)
    sections = write_corpus(vocabulary, templates, out, topics, args.seed)
    categories = len({t.category.folder for t in topics})
    message = f"wrote {len(topics)} articles ({sections} sections) in {categories} categories to {out}"
    if args.queries is not None:
        queries = generate_queries(vocabulary, questions, topics, args.seed, args.query_count)
        args.queries.parent.mkdir(parents=True, exist_ok=True)
        args.queries.write_text("".join(f"{q}\n" for q in queries), encoding="utf-8", newline="\n")
        message += f", {len(queries)} questions to {args.queries}"
    print(f"{message} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
