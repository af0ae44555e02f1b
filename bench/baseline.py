"""Plain BM25 on kb's sections, the baseline of the answer-quality issue.

    python bench/baseline.py DOCS_DIR [DOCS_DIR ...]
    python bench/baseline.py DOCS_DIR --questions FILE   # another question file, e.g. with answers

bm25s (BM25 over sparse matrices, English stop words, the Snowball stemmer of PyStemmer),
untuned, over each section's text (article title, heading and body, the way the issue's
baseline was measured), always answering with the top section. Prints section@1, article@1 and
MRR@10 over the docs folder's regression questions, next to what ``kb eval`` prints for kb. When
the questions carry an ``answer`` (bench/data/answers/), also the answer-sentence F1 of its
answer: the sentence of the top section (the summary for a lead) that holds most of the
question's stemmed words, the first on a tie, scored as ``kb eval`` scores kb's.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import bm25s
import Stemmer

from kb.answers import GoldQuestion, answer_f1, load_questions, regression_questions
from kb.content import load_catalog
from kb.index.schema import SectionDoc, article_docs
from kb.text import paragraphs, split_sentences


def _sentence(doc: SectionDoc, question: set[str], stemmer: Stemmer.Stemmer) -> str:
    """The baseline's answer: the sentence of ``doc`` sharing most stemmed words with the question."""
    candidates = [doc.summary] if doc.kind == "lead" and doc.summary else []
    for paragraph in paragraphs(doc.body):
        candidates.extend(split_sentences(paragraph))
    candidates = [c for c in candidates if len(c.split()) >= 3]

    def shared(sentence: str) -> int:
        return len(question & set(stemmer.stemWords(sentence.lower().split())))

    return max(candidates, key=shared, default="")


def evaluate(docs_dir: Path, questions: list[GoldQuestion] | None = None) -> str:
    sections = [doc for article in load_catalog(docs_dir).articles for doc in article_docs(article)]
    stemmer = Stemmer.Stemmer("english")
    texts = [" ".join((doc.title, doc.heading, doc.summary, doc.body)) for doc in sections]
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False), show_progress=False)
    questions = regression_questions(docs_dir) if questions is None else questions
    section_hits = article_hits = 0
    reciprocal = 0.0
    f1s: list[float] = []
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
        if gold.answer is not None:
            asked = set(stemmer.stemWords(gold.question.lower().split()))
            f1s.append(answer_f1(_sentence(ranked[0], asked, stemmer) if ranked else None, gold.answer))
    count = max(len(questions), 1)
    text = (
        f"{docs_dir}: {len(questions)} questions, plain BM25: section@1 {section_hits / count:.3f}, "
        f"article@1 {article_hits / count:.3f}, MRR@10 {reciprocal / count:.3f}"
    )
    if f1s:
        text += f", answer-sentence F1 {sum(f1s) / len(f1s):.3f}"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", nargs="+", type=Path)
    parser.add_argument("--questions", type=Path, help="a question file to ask instead of the docs' own")
    args = parser.parse_args()
    for docs_dir in args.docs:
        print(evaluate(docs_dir, load_questions(args.questions) if args.questions else None))


if __name__ == "__main__":
    main()
