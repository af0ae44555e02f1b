"""Answer quality against a set of questions with their gold sections.

A question file is YAML: a list of ``{question, article, anchor}`` where ``article`` is the
path relative to the docs dir and ``anchor`` the gold section ("" for the article's lead).
Reported: section@1 (the top hit is the gold section), article@1 (the top hit is in the gold
article), MRR@10 over articles, and the answer rate (a confident answer was given).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from kb.answer import answer_from_results
from kb.errors import InputError
from kb.index import SectionIndex

__all__ = ["Evaluation", "GoldQuestion", "evaluate", "load_questions"]


@dataclass(frozen=True)
class GoldQuestion:
    question: str
    article: str
    anchor: str


@dataclass(frozen=True)
class Evaluation:
    questions: int
    section_at_1: float
    article_at_1: float
    mrr_at_10: float
    answer_rate: float
    misses: tuple[tuple[str, str, str], ...]  # (question, gold, got)

    def summary(self) -> str:
        return (
            f"{self.questions} questions: section@1 {self.section_at_1:.3f}, article@1 {self.article_at_1:.3f}, "
            f"MRR@10 {self.mrr_at_10:.3f}, answered {self.answer_rate:.1%}"
        )


def load_questions(path: Path) -> list[GoldQuestion]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise InputError(
            f"{path}: must be a list of questions", "write - question: ..., article: ..., anchor: ..."
        )
    questions = []
    for number, item in enumerate(data, start=1):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("question"), str)
            or not isinstance(item.get("article"), str)
        ):
            raise InputError(f"{path}: entry {number} needs 'question' and 'article' text", "fix that entry")
        questions.append(GoldQuestion(item["question"], item["article"], str(item.get("anchor") or "")))
    return questions


def evaluate(index: SectionIndex, questions: list[GoldQuestion], threshold: float) -> Evaluation:
    section_hits = article_hits = answered = 0
    reciprocal = 0.0
    misses: list[tuple[str, str, str]] = []
    for gold in questions:
        results = index.search(gold.question, 10)
        hits = results.hits
        if hits and hits[0].path == gold.article:
            article_hits += 1
            if hits[0].anchor == gold.anchor:
                section_hits += 1
        else:
            misses.append(
                (
                    gold.question,
                    f"{gold.article}#{gold.anchor}",
                    f"{hits[0].path}#{hits[0].anchor}" if hits else "nothing",
                )
            )
        for rank, hit in enumerate(hits[:10], start=1):
            if hit.path == gold.article:
                reciprocal += 1 / rank
                break
        if answer_from_results(results, threshold).answer is not None:
            answered += 1
    count = max(len(questions), 1)
    return Evaluation(
        len(questions),
        section_hits / count,
        article_hits / count,
        reciprocal / count,
        answered / count,
        tuple(misses),
    )
