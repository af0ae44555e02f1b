"""From ranked sections to one sentence, a calibrated confidence, an honest no-answer; ``kb eval``."""

from __future__ import annotations

from kb.answers.answer import Answer, answer_from_results, concept_coverage, text_fragment_url
from kb.answers.evaluate import (
    QUESTIONS_FILE,
    UNANSWERABLE_FILE,
    Evaluation,
    GoldQuestion,
    answer_f1,
    evaluate,
    evaluate_docs,
    load_questions,
    load_unanswerable,
    regression_questions,
)
from kb.answers.reading import answer_message, answer_question, read_message

__all__ = [
    "QUESTIONS_FILE",
    "UNANSWERABLE_FILE",
    "Answer",
    "Evaluation",
    "GoldQuestion",
    "answer_f1",
    "answer_from_results",
    "answer_message",
    "answer_question",
    "concept_coverage",
    "evaluate",
    "evaluate_docs",
    "load_questions",
    "load_unanswerable",
    "read_message",
    "regression_questions",
    "text_fragment_url",
]
