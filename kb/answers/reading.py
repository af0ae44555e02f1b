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

__all__ = ["answer_question", "read_message"]


def read_message(index: SectionIndex, text: str, limit: int) -> SearchResults:
    """The results kb answers ``text`` from: the search for the whole message, or for its
    question alone when that is surer (then ``query`` is still ``text``, and ``understood`` the
    question)."""
    whole = index.search(text, limit)
    question = standalone_question(without_pleasantries(text))
    if question is None:
        return whole
    alone = index.search(question, limit)
    alone = replace(alone, query=text, understood=alone.understood or question)
    return alone if confidence_of(alone) > confidence_of(whole) else whole


def answer_question(index: SectionIndex, text: str, threshold: float, limit: int = 5) -> Answer:
    """Answer user text in one sentence from the docs, or honestly not at all."""
    return answer_from_results(read_message(index, text, limit), threshold)
