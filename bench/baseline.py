"""Plain BM25 on kb's sections, the baseline of the answer-quality issue.

    python bench/baseline.py DOCS_DIR [DOCS_DIR ...]

bm25s (BM25 over sparse matrices, English stop words, the Snowball stemmer of PyStemmer),
untuned, over each section's text (article title, heading and body, the way the issue's
baseline was measured), always answering with the top section. Prints section@1, article@1 and
MRR@10 over the docs folder's regression questions, next to what ``kb eval`` prints for kb.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import bm25s
import Stemmer

from kb.answers import regression_questions
from kb.content import load_catalog
from kb.index.schema import article_docs


def evaluate(docs_dir: Path) -> str:
    sections = [doc for article in load_catalog(docs_dir).articles for doc in article_docs(article)]
    stemmer = Stemmer.Stemmer("english")
    texts = [" ".join((doc.title, doc.heading, doc.summary, doc.body)) for doc in sections]
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False), show_progress=False)
    questions = regression_questions(docs_dir)
    section_hits = article_hits = 0
    reciprocal = 0.0
    for gold in questions:
        tokens = bm25s.tokenize([gold.question], stopwords="en", stemmer=stemmer, show_progress=False)
        found, _scores = retriever.retrieve(tokens, k=min(10, len(sections)), show_progress=False)
        ranked = [sections[int(i)] for i in found[0]]
        if ranked and ranked[0].path == gold.article:
            article_hits += 1
            section_hits += ranked[0].anchor == gold.anchor
        # As kb eval counts it: the rank of the first section of the gold article.
        rank = next((n for n, doc in enumerate(ranked, start=1) if doc.path == gold.article), None)
        reciprocal += 1 / rank if rank else 0.0
    count = max(len(questions), 1)
    return (
        f"{docs_dir}: {len(questions)} questions, plain BM25: section@1 {section_hits / count:.3f}, "
        f"article@1 {article_hits / count:.3f}, MRR@10 {reciprocal / count:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", nargs="+", type=Path)
    for docs_dir in parser.parse_args().docs:
        print(evaluate(docs_dir))


if __name__ == "__main__":
    main()
