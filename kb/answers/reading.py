"""How kb reads a customer's message: as a whole, or by its question alone.

A message of several sentences ("My bank card got blocked while I was travelling. Can I pay
with PayPal?") is searched as written and, when its question stands on its own
(:func:`kb.text.standalone_question`), by that question alone. kb keeps the reading whose top
section it is surer answers (:func:`kb.answers.confidence.probability`): background that only
adds rare words loses to the bare question, and context the question needs mostly keeps the
whole message ahead, since it matches the section that answers. Not always: "I use the Ente Auth
app. How do I export?" is answered from the photos app's export page, of which kb is surer; a
rule that kept a confident whole reading lost more questions after background than it saved
(bench/README.md). A question that points back at its context ("Is there an app for it?") is
read whole only (:func:`kb.text.refers_back`): alone it asks something else.

Measured on messages written for three help centres (bench/data/context, bench/README.md "A
question after a sentence of context").
"""

from __future__ import annotations

from dataclasses import replace

from kb.answers.answer import Answer, answer_from_results, confidence_of
from kb.answers.confidence import ANSWER_HITS
from kb.index import SearchResults, SectionIndex
from kb.text import standalone_question, without_pleasantries

__all__ = ["answer_message", "answer_question", "read_message"]


def read_message(index: SectionIndex, text: str, limit: int) -> SearchResults:
    """The results kb answers ``text`` from: the search for the whole message, or for its question
    alone (:func:`kb.text.standalone_question`) when kb is surer of that answer; then ``query`` is still
    ``text``, ``understood`` the question and a "did you mean" the message with the question
    corrected. The readings are compared on the hits an answer reads, whatever ``limit``."""
    return _reading(index, text, limit)[0]


def _reading(index: SectionIndex, text: str, limit: int) -> tuple[SearchResults, float | None]:
    """:func:`read_message`'s results, and their confidence when the comparison computed it on
    these very results (``None`` otherwise: one reading only, or ``limit`` other hits)."""
    question = standalone_question(without_pleasantries(text))
    if question is None:
        return index.search(text, limit), None
    if limit != ANSWER_HITS and max(limit, ANSWER_HITS) <= index.rank.candidates:
        # The longer search first: the five hits an answer reads are then the first of its hits,
        # from the search cache (kb/index/cache.py, which shares one entry among the limits up to
        # the candidates ranked), not a search of their own.
        index.search(text, max(limit, ANSWER_HITS))
        index.search(question, max(limit, ANSWER_HITS))
    whole, alone = index.search(text, ANSWER_HITS), index.search(question, ANSWER_HITS)
    whole_confidence, alone_confidence = confidence_of(whole), confidence_of(alone)
    exact = limit == ANSWER_HITS  # then the confidence is of the very results returned
    if alone_confidence <= whole_confidence:
        return (whole, whole_confidence) if exact else (index.search(text, limit), None)
    read = alone if exact else index.search(question, limit)
    suggestion = text.replace(question, read.suggestion) if read.suggestion and question in text else None
    read = replace(read, query=text, understood=read.understood or question, suggestion=suggestion)
    return read, alone_confidence if exact else None


def answer_message(index: SectionIndex, text: str, threshold: float, limit: int = 5) -> tuple[SearchResults, Answer]:
    """The results kb answers ``text`` from (:func:`read_message`), and its answer."""
    results, confidence = _reading(index, text, limit)
    return results, answer_from_results(results, threshold, confidence=confidence)


def answer_question(index: SectionIndex, text: str, threshold: float, limit: int = 5) -> Answer:
    """Answer user text in one sentence from the docs, or honestly not at all."""
    return answer_message(index, text, threshold, limit)[1]
