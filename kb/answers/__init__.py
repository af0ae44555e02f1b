"""From ranked sections to one sentence, a calibrated confidence, an honest no-answer; ``kb eval``."""

from __future__ import annotations

from kb.answers.answer import Answer, answer_question, best_sentence, text_fragment_url
from kb.answers.evaluate import (
    QUESTIONS_FILE,
    Evaluation,
    GoldQuestion,
    evaluate,
    evaluate_docs,
    load_questions,
    regression_questions,
)

__all__ = [
    "QUESTIONS_FILE",
    "Answer",
    "Evaluation",
    "GoldQuestion",
    "answer_question",
    "best_sentence",
    "evaluate",
    "evaluate_docs",
    "load_questions",
    "regression_questions",
    "text_fragment_url",
]
