"""How kb reads a customer's message: as a whole, or by its question alone.

A message of several sentences ("My bank card got blocked while I was travelling. Can I pay
with PayPal?") is searched as written and, when its question stands on its own
(:func:`kb.text.standalone_question`), by that question alone. kb keeps the reading whose top
section it is surer answers (:func:`kb.answers.confidence.probability`): background that only
adds rare words loses to the bare question, context the question needs ("I use Ente Auth. Is
there a way to export my codes?" where the bare question matches the photos app as well) keeps
the whole message ahead. A question that points back at its context ("Is there an app for
it?") is never read alone: alone it asks something else, which kb might answer with confidence.

Measured on messages written for three help centres (bench/data/context, bench/README.md "A
question after a sentence of context").
"""

from __future__ import annotations

from dataclasses import replace

from kb.answers.answer import Answer, answer_from_results, confidence_of
from kb.index import SearchResults, SectionIndex
from kb.text import standalone_question, without_pleasantries

__all__ = ["answer_message", "answer_question", "read_message"]


def _readings(index: SectionIndex, text: str, limit: int) -> list[SearchResults]:
    """The search for the whole message, then (when it has a question that stands on its own)
    the search for that question, with ``query`` still ``text`` and ``understood`` the question."""
    whole = index.search(text, limit)
    question = standalone_question(without_pleasantries(text))
    if question is None:
        return [whole]
    alone = index.search(question, limit)
    return [whole, replace(alone, query=text, understood=alone.understood or question)]


def read_message(index: SectionIndex, text: str, limit: int) -> SearchResults:
    """The results kb answers ``text`` from: of its readings, the one whose answer kb is surest of
    (the whole message on a tie)."""
    return max(_readings(index, text, limit), key=confidence_of)


def answer_message(index: SectionIndex, text: str, threshold: float, limit: int = 5) -> tuple[SearchResults, Answer]:
    """The results kb answers ``text`` from, and its answer (as :func:`read_message` chooses)."""
    answered = [(results, answer_from_results(results, threshold)) for results in _readings(index, text, limit)]
    return max(answered, key=lambda pair: pair[1].confidence)


def answer_question(index: SectionIndex, text: str, threshold: float, limit: int = 5) -> Answer:
    """Answer user text in one sentence from the docs, or honestly not at all."""
    return answer_message(index, text, threshold, limit)[1]
