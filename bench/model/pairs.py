"""Training pairs for fine-tuning kb's embedding model: each gold question with its section's text
and the texts of kb's best wrong sections (hard negatives), from help centres' questions.

    python bench/model/pairs.py OUT.jsonl                       # kb's docs and the two dev corpora
    python bench/model/pairs.py OUT.jsonl --corpus DOCS ...      # and more help centres

For every help centre (kb's bundled docs, ../shared/corpora's ente-help and joplin-help, and each
``--corpus``), it builds the index in a temporary folder, asks each question of ``_questions.yml``
and keeps, when the gold section is among kb's ten best: the question, the gold section's text
and up to ``NEGATIVES`` texts of sections of other articles that kb ranked above or near it.
bench/model/finetune.py reads the file (in a virtualenv with torch); a question whose gold section kb
does not find is left out (it is counted), as is every off-topic question.

The texts are the sections' openings as kb embeds them (kb.index.meaning.embedding_text), so the
model learns on what it will read.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from kb.answers.evaluate import QUESTIONS_FILE, load_questions
from kb.config import load_settings
from kb.index import SectionIndex, build_index
from kb.index.meaning import embedding_text
from kb.index.results import Hit

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "corpora"
CORPORA = [ROOT / "docs"] + [SHARED / name / "docs" for name in ("ente-help", "joplin-help")]
NEGATIVES = 3
DEPTH = 10


def section_text(hit: Hit) -> str:
    fields = {"title_text": hit.title, "heading_text": hit.heading, "kind": hit.kind, "summary": hit.summary}
    return embedding_text({**fields, "body": hit.body})


def name_of(docs: Path) -> str:
    return "bundled" if docs == ROOT / "docs" else docs.parent.name


def pairs(docs: Path) -> tuple[list[dict[str, object]], int]:
    """The pairs of one help centre, and how many of its questions had no gold section in reach."""
    rows: list[dict[str, object]] = []
    missed = 0
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(ROOT).with_paths(docs, Path(tmp) / "site", Path(tmp) / "data")
        build_index(settings)
        index = SectionIndex.open(settings)
        try:
            for gold in load_questions(docs / QUESTIONS_FILE):
                hits = index.search(gold.question, DEPTH).hits
                right = [h for h in hits if h.path == gold.article and gold.anchor in (None, h.anchor)]
                if not right:
                    missed += 1
                    continue
                wrong = [section_text(h) for h in hits if h.path != gold.article][:NEGATIVES]
                rows.append(
                    {
                        "corpus": name_of(docs),
                        "question": gold.question,
                        "positive": section_text(right[0]),
                        "negatives": wrong,
                    }
                )
        finally:
            index.close()
    return rows, missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="the JSON Lines file to write")
    parser.add_argument("--corpus", action="append", type=Path, default=[], metavar="DOCS", help="repeatable")
    args = parser.parse_args()
    rows: list[dict[str, object]] = []
    for docs in [*CORPORA, *(d.resolve() for d in args.corpus)]:
        if not (docs / QUESTIONS_FILE).is_file():
            print(f"{docs}: no {QUESTIONS_FILE}, skipped", file=sys.stderr)
            continue
        found, missed = pairs(docs)
        rows += found
        print(f"{name_of(docs)}: {len(found)} pairs, {missed} questions whose gold section kb did not find")
    args.out.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    print(f"wrote {len(rows)} pairs to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
